"""Batch jobs over addresses; every task takes ids and is safe to run twice."""

from datetime import datetime

from django.db import transaction
from django_tasks import task

from heard.addresses import mails, services
from heard.addresses.models import Address

NOTIFY_CHUNK = 500
GROUP_MAILS = {"answered": mails.answer_mail, "merged": mails.merge_mail}


@task()
def address_notify(*, address_id: int, event: str) -> None:
    """Kept for tasks queued before the outbox: services now queue the mail themselves."""
    address = Address.objects.filter(pk=address_id).first()
    if address is None or not address.email or event not in mails.EVENT_MAILS:
        return
    with transaction.atomic():
        mails.EVENT_MAILS[event](address=address)


@task()
def address_group_notify(*, primary_id: int, event: str, since: str, after_id: int) -> int:
    """Tell the applicants of addresses merged into a primary (merged, or answered with it),
    a chunk at a time. Each mail is keyed by address and moment: a chunk run twice queues
    nothing twice."""
    if event not in GROUP_MAILS:
        return 0
    moment = datetime.fromisoformat(since)
    group = Address.objects.filter(merged_into_id=primary_id, pk__gt=after_id).exclude(email="")
    if event == "answered":
        group = group.filter(status=Address.Status.ANSWERED, answered_at__gte=moment)
    else:
        # Exactly this merge: each merge stamps one moment, so overlapping bulk merges of one
        # group (done in chunks) never tell an applicant twice.
        group = group.filter(status=Address.Status.MERGED, merged_at=moment)
    chunk = list(group.order_by("pk")[:NOTIFY_CHUNK])
    with transaction.atomic():
        for address in chunk:
            GROUP_MAILS[event](address=address, key=f"addresses.{event}:{address.pk}:{since}")
        if len(chunk) == NOTIFY_CHUNK:
            address_group_notify.enqueue(
                primary_id=primary_id, event=event, since=since, after_id=chunk[-1].pk
            )
    return len(chunk)


@task()
def addresses_register_received() -> int:
    return services.addresses_register_received()


@task()
def addresses_hold_unconfirmed() -> int:
    return services.addresses_hold_unconfirmed()


@task()
def addresses_verdict_remind() -> int:
    return services.addresses_verdict_remind()


@task()
def addresses_overdue_notify() -> int:
    return services.addresses_overdue_notify()


@task()
def bulk_action_run(*, bulk_id: int) -> None:
    """A chunk of a large bulk action from the queue, then the next as its own task."""
    from heard.addresses.services.bulk import bulk_action_step

    if bulk_action_step(bulk_id=bulk_id):
        transaction.on_commit(lambda: bulk_action_run.enqueue(bulk_id=bulk_id))
