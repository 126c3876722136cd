"""Receiving and registering addresses."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from heard.addresses import codes, rules
from heard.addresses.deadlines import due_after
from heard.addresses.models import Address, Campaign, Category, Organisation
from heard.addresses.services.common import guard, locked, notify, route
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError, PermissionDenied
from heard.offices.models import Addressee, Region

MAX_TEXT = 20_000
SELF_SERVICE_CHANNELS = (Address.Channel.WEB, Address.Channel.API)


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the text of the address."), code="text_required")
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("The text must be at most %(count)d characters.") % {"count": MAX_TEXT},
            code="text_too_long",
        )
    return text


def _check_intake(
    *,
    addressee: Addressee,
    kind: str,
    channel: str,
    category: Category | None,
    organisation: Organisation | None,
    member_consent: bool,
    entered_by,
    submitted_by,
) -> None:
    if kind not in Address.Kind.values:
        raise DomainError(_("Choose the kind of address from the list."), code="invalid_kind")
    if channel not in Address.Channel.values:
        raise DomainError(_("Unknown channel."), code="invalid_channel")
    if category is not None and (category.addressee_id != addressee.pk or not category.active):
        raise DomainError(
            _("This category is not offered by the addressee."), code="invalid_category"
        )
    if channel in Address.STAFF_ENTERED_CHANNELS and not rules.can_enter(entered_by, addressee):
        raise PermissionDenied(
            _("Only the addressee's office enters addresses received by %(channel)s.")
            % {"channel": Address.Channel(channel).label}
        )
    if organisation is not None:
        if organisation.status not in Organisation.CAN_SUBMIT:
            raise PermissionDenied(
                _("The organisation must be verified before it submits addresses."),
                code="organisation_not_verified",
            )
        if submitted_by is not None and not rules.can_act_for_organisation(
            submitted_by, organisation
        ):
            raise PermissionDenied(_("You do not act for this organisation."))
        if not member_consent:
            raise DomainError(
                _("Record the member's consent to submit the address on their behalf."),
                code="consent_required",
            )


def _campaign_for(
    *, addressee: Addressee, at: datetime, channel: str, category: Category | None
) -> Campaign | None:
    candidates = Campaign.objects.filter(
        addressee=addressee, starts_at__lte=at, ends_at__gt=at
    ).prefetch_related("categories")
    for campaign in candidates:
        if channel not in campaign.channels:
            continue
        accepted = {c.pk for c in campaign.categories.all()}
        if accepted and (category is None or category.pk not in accepted):
            continue
        return campaign
    return None


@transaction.atomic
def address_receive(
    *,
    addressee: Addressee,
    text: str,
    channel: str,
    kind: str = Address.Kind.QUESTION,
    category: Category | None = None,
    region: Region | None = None,
    applicant_name: str = "",
    email: str = "",
    postal_address: str = "",
    language: str = "ru",
    received_at: datetime | None = None,
    organisation: Organisation | None = None,
    member_consent: bool = False,
    entered_by=None,
    submitted_by=None,
    register: bool = True,
    confirm_email: bool = False,
    held_by: str = "",
    ip_hash: str = "",
    complaint_of: Address | None = None,
) -> tuple[Address, str]:
    """Store an address and give it a number; web, API and staff entries are registered at once
    (see docs/decisions/0200-registration-on-receipt.md). Returns the address and its tracking
    code, which exists nowhere else in clear.

    Two exceptions, both waiting for a person rather than dropped (decision 0508): `held_by`
    names the limit the sender reached (the office registers or sets it aside); with
    `confirm_email` an address with an e-mail waits for its sender to press the e-mailed link."""
    text = _clean_text(text)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise DomainError(_("Enter a valid e-mail address."), code="invalid_email") from error
    _check_intake(
        addressee=addressee,
        kind=kind,
        channel=channel,
        category=category,
        organisation=organisation,
        member_consent=member_consent,
        entered_by=entered_by,
        submitted_by=submitted_by,
    )
    now = clock.now()
    if channel in SELF_SERVICE_CHANNELS or received_at is None:
        received_at = now
    elif received_at > now:
        raise DomainError(_("The date of receipt cannot be in the future."), code="future_date")
    policy = codes.policy_for(addressee)
    number = codes.number_allocate(addressee=addressee, at=received_at)
    salt = codes.tracking_salt_new()
    code = codes.tracking_code(salt=salt, number=number)
    applicant_name = " ".join((applicant_name or "").split())[:200]
    address = Address.objects.create(
        number=number,
        tracking_salt=salt,
        tracking_code_hash=codes.tracking_code_hash(code),
        addressee=addressee,
        kind=kind,
        text=text,
        category=category,
        region=region,
        channel=channel,
        campaign=_campaign_for(
            addressee=addressee, at=received_at, channel=channel, category=category
        ),
        organisation=organisation,
        complaint_of=complaint_of,
        member_consent_at=now if organisation is not None else None,
        entered_by=entered_by if getattr(entered_by, "is_authenticated", False) else None,
        anonymous=not applicant_name,
        applicant_name=applicant_name,
        email=email,
        postal_address=(postal_address or "").strip()[:500],
        language=language if language in ("ru", "en") else "ru",
        received_at=received_at,
        registration_due_at=due_after(received_at, policy.registration_days),
        **_waiting(
            held_by=held_by, confirm=confirm_email and bool(email), ip_hash=ip_hash, now=now
        ),
    )
    audit_record(
        subject=address,
        verb="received",
        actor=entered_by,
        actor_role="organisation" if organisation else "applicant",
        data={
            "channel": channel,
            "campaign": address.campaign_id,
            **({"complaint_of": complaint_of.number} if complaint_of else {}),
        },
        public=True,
    )
    if address.status == Address.Status.HELD:
        audit_record(subject=address, verb="held", data={"reason": held_by})
    elif address.status == Address.Status.UNCONFIRMED:
        notify(address, "confirm")
    elif register:
        address = address_register(address=address, actor=entered_by)
    return address, code


def _waiting(*, held_by: str, confirm: bool, ip_hash: str, now: datetime) -> dict:
    """The fields of an address that waits for a person before it is registered."""
    if held_by:
        return {
            "status": Address.Status.HELD,
            "held_reason": held_by[:16],
            "held_at": now,
            "ip_digest": ip_hash,
        }
    if confirm:
        return {"status": Address.Status.UNCONFIRMED, "ip_digest": ip_hash}
    return {}


def _answer_days(address: Address, policy) -> int:
    """A notice of a public event runs on its own, short clock (54-FZ: 3 days)."""
    if address.kind == Address.Kind.EVENT_NOTICE:
        return policy.event_answer_days
    return policy.answer_days


def _register(address: Address, *, now: datetime) -> list[str]:
    policy = codes.policy_for(address.addressee)
    address.registered_at = now
    address.answer_due_at = due_after(now, _answer_days(address, policy))
    address.forwarding_due_at = due_after(now, policy.forwarding_days)
    address.department = route(
        addressee=address.addressee, category_id=address.category_id, region_id=address.region_id
    )
    if address.department is not None:
        address.status = Address.Status.ASSIGNED
        address.assigned_at = now
    else:
        address.status = Address.Status.REGISTERED
    return [
        "status",
        "registered_at",
        "answer_due_at",
        "forwarding_due_at",
        "department",
        "assigned_at",
    ]


@transaction.atomic
def address_register(*, address: Address, actor=None) -> Address:
    """Start the clocks (answer and forwarding) and route by the addressee's rules."""
    address = locked(address)
    guard(
        address,
        Address.AWAITING_REGISTRATION,
        _("Address %(number)s cannot be registered: it is %(state)s."),
    )
    fields = _register(address, now=clock.now())
    address.ip_digest = ""  # evidence for a hold, no longer needed once registered
    address.save(update_fields=[*fields, "ip_digest"])
    audit_record(
        subject=address,
        verb="registered",
        actor=actor,
        data={
            "answer_due_at": address.answer_due_at.isoformat(),
            "days": _answer_days(address, codes.policy_for(address.addressee)),
        },
        public=True,
    )
    if address.department is not None:
        audit_record(
            subject=address,
            verb="assigned",
            actor=actor,
            data={"department": address.department.code, "by": "routing"},
        )
    notify(address, "registered")
    return address


def addresses_register_received(*, limit: int = 1000) -> int:
    """Register addresses that came in bulk without registration, oldest first."""
    pending = Address.objects.filter(status=Address.Status.RECEIVED).order_by("received_at")
    registered = 0
    for address in pending.only("pk")[:limit]:
        address_register(address=address)
        registered += 1
    return registered
