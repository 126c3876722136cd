"""E-mail to applicants and batch jobs; every task takes ids and is safe to run twice."""

from datetime import datetime

from django.urls import reverse
from django.utils import translation
from django_tasks import task

from heard.addresses import codes, services
from heard.addresses.links import address_token
from heard.addresses.models import Address
from heard.core.mail import absolute_url, email_send

NOTIFY_CHUNK = 500
EVENTS = (
    "confirm",
    "registered",
    "forwarded",
    "extended",
    "answered",
    "left_without_answer",
    "merged",
    "verdict_reminder",
    "overdue",
    "next_steps",
)


def _link(address: Address, purpose: str) -> str:
    """An absolute link that acts on the address without its code (links.py)."""
    return absolute_url(
        reverse(
            f"addresses:{purpose}",
            kwargs={"number": address.number, "token": address_token(address, purpose)},
        )
    )


def _send(address: Address, event: str) -> None:
    with translation.override(address.language):
        context = {
            "address": address,
            "link": absolute_url(reverse("addresses:track") + f"?number={address.number}"),
        }
        if event == "confirm":
            context["confirm_link"] = _link(address, "confirm")
        if event in ("answered", "verdict_reminder"):
            context["verdict_link"] = _link(address, "verdict")
        if event in ("overdue", "next_steps"):
            context["complaint_link"] = _link(address, "complaint")
            context["next_steps"] = services.next_steps_text(
                addressee=address.addressee, language=address.language
            )
    if event == "registered":
        # Re-created from the salt: the code is never stored or queued in clear.
        context["tracking_code"] = codes.tracking_code(
            salt=address.tracking_salt, number=address.number
        )
    email_send(
        to=address.email,
        template=f"addresses/email/{event}",
        context=context,
        language=address.language,
    )


@task()
def address_notify(*, address_id: int, event: str) -> None:
    if event not in EVENTS:
        return
    address = (
        Address.objects.select_related("addressee", "answer", "merged_into", "department")
        .filter(pk=address_id)
        .first()
    )
    if address is None or not address.email:
        return
    _send(address, event)


@task()
def address_group_notify(*, primary_id: int, event: str, since: str, after_id: int) -> int:
    """Tell the applicants of addresses merged into a primary (merged, or answered with it),
    a chunk at a time."""
    moment = datetime.fromisoformat(since)
    group = Address.objects.filter(merged_into_id=primary_id, pk__gt=after_id).exclude(email="")
    if event == "answered":
        group = group.filter(status=Address.Status.ANSWERED, answered_at__gte=moment)
    else:
        # Exactly this merge: each merge stamps one moment, so overlapping bulk merges of one
        # group (done in chunks) never tell an applicant twice.
        group = group.filter(status=Address.Status.MERGED, merged_at=moment)
    chunk = list(
        group.select_related("addressee", "answer", "merged_into").order_by("pk")[:NOTIFY_CHUNK]
    )
    for address in chunk:
        _send(address, event)
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
