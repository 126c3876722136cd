from django.db import transaction
from django.db.models import Q
from django_tasks import task

from heard.appeals import mails, services
from heard.appeals.models import Appeal

NOTIFY_CHUNK = 500


@task()
def appeal_initiator_links_send(*, appeal_id: int) -> None:
    """Kept for tasks queued before the outbox: appeal_validate now queues the mail itself."""
    appeal = Appeal.objects.get(pk=appeal_id)
    with transaction.atomic():
        services.appeal_initiator_links_queue(appeal=appeal)


@task()
def appeal_response_notify(*, appeal_id: int, after_id: int) -> int:
    """Queue the response for the signers who opted in, a chunk at a time; each mail is keyed by
    signature, so a chunk run twice queues nothing twice."""
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
    with transaction.atomic():
        for pk, email, language in chunk:
            mails.response_mail(appeal=appeal, signature_id=pk, email=email, language=language)
        if len(chunk) == NOTIFY_CHUNK:
            appeal_response_notify.enqueue(appeal_id=appeal_id, after_id=chunk[-1][0])
    return len(chunk)


@task()
def appeals_close_expired() -> int:
    return services.appeals_close_expired()
