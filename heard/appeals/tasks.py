from django.db import transaction
from django.db.models import Q
from django_tasks import task

from heard.appeals import mails, services
from heard.appeals.models import Appeal
from heard.signatures.models import Signature

NOTIFY_CHUNK = 500


@task()
def appeal_initiator_links_send(*, appeal_id: int) -> None:
    """Kept for tasks queued before the outbox: appeal_validate now queues the mail itself."""
    appeal = Appeal.objects.get(pk=appeal_id)
    with transaction.atomic():
        services.appeal_initiator_links_queue(appeal=appeal)


@task()
def appeal_signers_notify(*, appeal_id: int, milestone: str, after_id: int) -> int:
    """Queue a milestone for the signers who asked to hear about the appeal, a chunk at a time;
    each mail is keyed by milestone and signature, so a chunk run twice queues nothing twice."""

    if milestone not in mails.SIGNER_MILESTONES:
        return 0
    appeal = Appeal.objects.select_related("response", "addressee").get(pk=appeal_id)
    # Also those silently marked (fraudulent, invalidated) who pressed their link and did not
    # remove their signature: they asked for news too, and must not learn of the mark by not
    # getting it (decision 0405).
    confirmed = Q(status=Signature.Status.CONFIRMED) | Q(
        status__in=Signature.SILENT, confirmed_at__isnull=False, removed_at__isnull=True
    )
    signers = appeal.signatures.filter(confirmed, notify=True, pk__gt=after_id)
    if milestone != "responded":  # the initiator has a mail of their own for the others
        signers = signers.exclude(role=Signature.Role.CREATOR)
    chunk = list(signers.order_by("pk").values_list("pk", "email", "language")[:NOTIFY_CHUNK])
    with transaction.atomic():
        for pk, email, language in chunk:
            mails.signer_milestone_mail(
                appeal=appeal, milestone=milestone, signature_id=pk, email=email, language=language
            )
        if len(chunk) == NOTIFY_CHUNK:
            appeal_signers_notify.enqueue(
                appeal_id=appeal_id, milestone=milestone, after_id=chunk[-1][0]
            )
    return len(chunk)


@task()
def appeal_response_notify(*, appeal_id: int, after_id: int) -> int:
    """Kept for tasks queued before milestones: the response to the signers."""
    return appeal_signers_notify.call(appeal_id=appeal_id, milestone="responded", after_id=after_id)


@task()
def appeals_overdue_notify() -> int:
    return services.appeals_overdue_notify()


@task()
def appeals_moderation_late_notify() -> int:
    return services.appeals_moderation_late_notify()


@task()
def appeals_close_expired() -> int:
    return services.appeals_close_expired()
