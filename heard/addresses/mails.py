"""E-mail to applicants, one function per mail. Each queues the rendered mail in the outbox
(heard.core.outbox) inside the caller's transaction: it leaves when the change commits, and waits
for the mail server if that is away. A `key` is given where a job that may run twice queues it."""

from django.urls import reverse
from django.utils import translation

from heard.addresses import codes
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


def confirmation_mail(*, address: Address) -> None:
    """The link a web sender presses to have their address registered (decision 0508)."""
    from heard.addresses.services import confirmation_token

    with translation.override(address.language):
        path = reverse(
            "addresses:confirm",
            kwargs={"number": address.number, "token": confirmation_token(address)},
        )
    _queue(address, "confirm", confirm_link=absolute_url(path))


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
    _queue(address, "answered", key=key)


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
}
