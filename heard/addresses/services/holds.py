"""Addresses that wait for a person before they are registered (decision 0508): sent from the
web with an e-mail, until the sender presses the e-mailed link; held over a limit, or after a
day unconfirmed, until the addressee's office registers them or sets them aside. Nothing is
dropped: a held address keeps its number and its registration term, and the office sees it."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from heard.addresses.links import address_token, address_token_matches
from heard.addresses.models import Address
from heard.addresses.services.common import guard, locked, require_handler
from heard.addresses.services.intake import address_register
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import TransitionNotAllowed


def confirmation_token(address: Address) -> str:
    """What the e-mailed link carries (links.py)."""
    return address_token(address, "confirm")


def confirmation_matches(address: Address, token: str) -> bool:
    return address_token_matches(address, "confirm", token)


@transaction.atomic
def address_confirm(*, address: Address) -> Address:
    """The sender pressed the link: register the address now (its clocks start, the applicant
    gets the number and tracking code by e-mail). Pressing it again changes nothing."""
    address = locked(address)
    if address.status not in Address.CONFIRMABLE:
        return address
    address.confirmed_at = clock.now()
    address.ip_digest = ""
    address.save(update_fields=["confirmed_at", "ip_digest"])
    audit_record(subject=address, verb="confirmed", actor_role="applicant")
    return address_register(address=address)


@transaction.atomic
def address_release(*, address: Address, actor) -> Address:
    """The office judges a held (or unconfirmed) address a real sender's: register it."""
    require_handler(actor, address.addressee)
    address = locked(address)
    guard(address, Address.RELEASABLE, _("Address %(number)s is not held: it is %(state)s."))
    address.ip_digest = ""
    address.save(update_fields=["ip_digest"])
    audit_record(subject=address, verb="released", actor=actor, data={"was": address.held_reason})
    return address_register(address=address, actor=actor)


@transaction.atomic
def address_set_aside(*, address: Address, actor, reason: str) -> Address:
    """The office judges a held address not a real sender's (a flood, a forged e-mail): it is
    kept, with the reason, but never registered, counted or mailed."""
    require_handler(actor, address.addressee)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionNotAllowed(_("Say why this address is set aside."))
    address = locked(address)
    guard(
        address,
        Address.SETTABLE_ASIDE,
        _("Address %(number)s cannot be set aside: it is %(state)s."),
    )
    address.status = Address.Status.SET_ASIDE
    address.set_aside_at = clock.now()
    address.set_aside_reason = reason[:500]
    address.ip_digest = ""
    address.save(update_fields=["status", "set_aside_at", "set_aside_reason", "ip_digest"])
    audit_record(subject=address, verb="set_aside", actor=actor, data={"reason": reason[:500]})
    return address


def addresses_hold_unconfirmed(*, limit: int = 1000) -> int:
    """Unconfirmed for HEARD_ADDRESS_CONFIRM_HOURS: hold for the office, which then has the rest
    of the 3-day registration term to register or set it aside. Returns how many."""
    cutoff = clock.now() - timedelta(hours=settings.HEARD_ADDRESS_CONFIRM_HOURS)
    stale = Address.objects.filter(status=Address.Status.UNCONFIRMED, received_at__lt=cutoff)
    held = 0
    for pk in stale.order_by("received_at").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            address = Address.objects.select_for_update().get(pk=pk)
            if address.status != Address.Status.UNCONFIRMED:
                continue
            address.status = Address.Status.HELD
            address.held_reason = "unconfirmed"
            address.held_at = clock.now()
            address.save(update_fields=["status", "held_reason", "held_at"])
            audit_record(
                subject=address, verb="held", actor_role="system", data={"reason": "unconfirmed"}
            )
            held += 1
    return held


def addresses_held(*, addressee) -> list[Address]:
    """What the office has to decide, the registration term nearest first."""
    return list(
        Address.objects.filter(addressee=addressee, status__in=Address.RELEASABLE)
        .select_related("category", "region")
        .order_by("registration_due_at", "pk")[:500]
    )
