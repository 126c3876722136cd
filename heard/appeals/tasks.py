from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.core.mail import absolute_url, email_send

NOTIFY_CHUNK = 500


@task()
def appeal_initiator_links_send(*, appeal_id: int) -> None:
    """Tell the initiator their sponsor link and their private management link."""
    from heard.signatures.models import Signature

    appeal = Appeal.objects.get(pk=appeal_id)
    creator = appeal.signatures.filter(role=Signature.Role.CREATOR).first()
    if creator is None:
        return
    with translation.override(creator.language):
        sponsor = reverse(
            "appeals:sponsor", kwargs={"pk": appeal.pk, "token": appeal.sponsor_token}
        )
        manage = reverse("appeals:manage", kwargs={"pk": appeal.pk, "token": appeal.manage_token})
    email_send(
        to=creator.email,
        template="appeals/email/initiator_links",
        context={
            "appeal": appeal,
            "sponsor_link": absolute_url(sponsor),
            "manage_link": absolute_url(manage),
        },
        language=creator.language,
    )


@task()
def appeal_response_notify(*, appeal_id: int, after_id: int) -> int:
    """E-mail the response to signers who opted in, a chunk at a time; safe to run twice per chunk
    only in the sense that a repeat sends that chunk again, so chunks are small and chained."""
    from heard.signatures.models import Signature

    appeal = Appeal.objects.select_related("response").get(pk=appeal_id)
    # Also those silently marked (fraudulent, invalidated) who pressed their link and did not
    # remove their signature: they asked for the answer too, and must not learn of the mark by
    # not getting it (decision 0405).
    confirmed = Q(status=Signature.Status.CONFIRMED) | Q(
        status__in=Signature.SILENT, confirmed_at__isnull=False, removed_at__isnull=True
    )
    chunk = list(
        appeal.signatures.filter(confirmed, notify=True, pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", "email", "language")[:NOTIFY_CHUNK]
    )
    for _pk, email, language in chunk:
        with translation.override(language):
            link = absolute_url(appeal.get_absolute_url())
        email_send(
            to=email,
            template="appeals/email/response",
            context={"appeal": appeal, "response": appeal.response, "link": link},
            language=language,
        )
    if len(chunk) == NOTIFY_CHUNK:
        appeal_response_notify.enqueue(appeal_id=appeal_id, after_id=chunk[-1][0])
    return len(chunk)


@task()
def appeals_close_expired() -> int:
    return services.appeals_close_expired()
