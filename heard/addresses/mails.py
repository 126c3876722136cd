"""E-mail to applicants, one function per mail. Each queues the rendered mail in the outbox
(heard.core.outbox) inside the caller's transaction: it leaves when the change commits, and waits
for the mail server if that is away. A `key` is given where a job that may run twice queues it."""

from django.urls import reverse
from django.utils import translation

from heard.addresses import codes
from heard.addresses.links import address_token
from heard.addresses.models import Address
from heard.core.mail import absolute_url
from heard.core.outbox import outbox_mail_queue


def _queue(address: Address, event: str, *, key: str | None = None, **context) -> None:
    if not address.email:
        return
    # Read back what the change wrote (in this transaction), with what the templates show.
    address = Address.objects.select_related(
        "addressee", "answer", "merged_into", "department"
    ).get(pk=address.pk)
    with translation.override(address.language):
        link = absolute_url(reverse("addresses:track") + f"?number={address.number}")
    outbox_mail_queue(
        to=address.email,
        template=f"addresses/email/{event}",
        context={"address": address, "link": link, **context},
        language=address.language,
        purpose=f"addresses.{event}",
        about=address,
        key=key,
    )


def _link(address: Address, purpose: str) -> str:
    """An absolute link that acts on the address without its code (links.py)."""
    with translation.override(address.language):
        path = reverse(
            f"addresses:{purpose}",
            kwargs={"number": address.number, "token": address_token(address, purpose)},
        )
    return absolute_url(path)


def confirmation_mail(*, address: Address) -> None:
    """The link a web sender presses to have their address registered (decision 0508)."""
    _queue(address, "confirm", confirm_link=_link(address, "confirm"))


def registration_mail(*, address: Address) -> None:
    """The number and the tracking code, re-created from the salt (the address keeps no code in
    clear; the outbox keeps the mail's text only until it is sent)."""
    address_code = codes.tracking_code(salt=address.tracking_salt, number=address.number)
    _queue(address, "registered", tracking_code=address_code)


def forwarding_mail(*, address: Address) -> None:
    _queue(address, "forwarded")


def extension_mail(*, address: Address) -> None:
    _queue(address, "extended")


def answer_mail(*, address: Address, key: str | None = None) -> None:
    _queue(address, "answered", key=key, verdict_link=_link(address, "verdict"))


def verdict_reminder_mail(*, address: Address) -> None:
    """After 3 and after 10 days: did the answer help? (decision 0510)"""
    _queue(address, "verdict_reminder", verdict_link=_link(address, "verdict"))


def _next_steps(address: Address, event: str) -> None:
    from heard.addresses.services import next_steps_text

    _queue(
        address,
        event,
        complaint_link=_link(address, "complaint"),
        next_steps=next_steps_text(addressee=address.addressee, language=address.language),
    )


def overdue_mail(*, address: Address) -> None:
    """The answer is overdue: the next step the law gives, with a prefilled complaint."""
    _next_steps(address, "overdue")


def next_steps_mail(*, address: Address) -> None:
    """The applicant said "no real answer": the next step, with a prefilled complaint."""
    _next_steps(address, "next_steps")


def leaving_mail(*, address: Address) -> None:
    """Left without an answer on the merits."""
    _queue(address, "left_without_answer")


def merge_mail(*, address: Address, key: str | None = None) -> None:
    _queue(address, "merged", key=key)


# What each event of common.notify mails.
EVENT_MAILS = {
    "confirm": confirmation_mail,
    "registered": registration_mail,
    "forwarded": forwarding_mail,
    "extended": extension_mail,
    "answered": answer_mail,
    "left_without_answer": leaving_mail,
    "merged": merge_mail,
    "verdict_reminder": verdict_reminder_mail,
    "overdue": overdue_mail,
    "next_steps": next_steps_mail,
}
