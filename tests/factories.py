"""Builders for test data: each makes a valid object through the same services users go through
where that matters (appeals get their state by real transitions)."""

import itertools

from django.contrib.auth import get_user_model

from heard.appeals import services as appeal_services
from heard.appeals.models import Appeal
from heard.offices.models import Addressee, Region, StaffRole
from heard.signatures import initiators
from heard.signatures import services as signature_services
from heard.signatures.emails import email_digest
from heard.signatures.models import Signature

_sequence = itertools.count(1)


def region(code: str = "MOW") -> Region:
    return Region.objects.get(code=code)


def addressee(**overrides) -> Addressee:
    number = next(_sequence)
    values = {
        "name": f"Ministry {number}",
        "slug": f"ministry-{number}",
        "sponsors_required": 2,
        "response_threshold": 3,
        "consideration_threshold": 5,
    }
    return Addressee.objects.create(**(values | overrides))


def user(*, role: str | None = None, addressee: Addressee | None = None, **overrides):
    number = next(_sequence)
    account = get_user_model().objects.create_user(
        username=overrides.pop("username", f"user{number}"), password="pw-for-tests-only"
    )
    if role:
        StaffRole.objects.create(user=account, role=role, addressee=addressee)
    return account


def moderator():
    return user(role=StaffRole.Role.MODERATOR)


def responder(addressee: Addressee):
    return user(role=StaffRole.Role.RESPONDER, addressee=addressee)


def administrator():
    return user(role=StaffRole.Role.ADMINISTRATOR)


def superuser():
    account = user()
    account.is_superuser = True
    account.save(update_fields=["is_superuser"])
    return account


def draft_appeal(*, to: Addressee | None = None, **overrides) -> Appeal:
    values = {
        "addressee": to or addressee(),
        "title": "Bring the reservists home",
        "demands": ["Demobilise the reservists", "Limit service to one year"],
        "text": "We, the families, **ask**.",
        "group_name": "Families' group",
        "initiator_name": "Initiator",
        "initiator_email": f"initiator{next(_sequence)}@example.org",
        "region": region(),
    }
    return initiators.appeal_start(**(values | overrides))


def by_email(email: str) -> dict:
    """Lookup arguments for a signer's row: e-mails are encrypted, so rows are found by digest."""
    return {"email_digest": email_digest(email)}


def creator_signature(appeal: Appeal) -> Signature:
    return appeal.signatures.get(role=Signature.Role.CREATOR)


def sign(
    appeal: Appeal, *, email: str | None = None, confirm: bool = True, **overrides
) -> Signature:
    values = {
        "name": "Signer",
        "email": email or f"signer{next(_sequence)}@example.org",
        "region": region(),
    }
    signature = signature_services.signature_create(appeal=appeal, **(values | overrides))
    if confirm:
        signature = signature_services.signature_confirm(signature=signature)
    return signature


def appeal_in(status: str, *, to: Addressee | None = None, **overrides) -> Appeal:
    """An appeal brought to `status` through the real transitions."""
    appeal = draft_appeal(to=to, **overrides)
    if status == Appeal.Status.DRAFT:
        return appeal
    signature_services.signature_confirm(signature=creator_signature(appeal))
    appeal.refresh_from_db()
    if status == Appeal.Status.GATHERING_SPONSORS:
        return appeal
    for _ in range(appeal.addressee.sponsors_required):
        sign(appeal, role=Signature.Role.SPONSOR)
    appeal.refresh_from_db()
    if status == Appeal.Status.AWAITING_MODERATION:
        return appeal
    if status == Appeal.Status.WITHDRAWN:
        return appeal_services.appeal_withdraw(appeal=appeal, manage_token=appeal.manage_token)
    if status == Appeal.Status.REJECTED:
        return appeal_services.appeal_reject(appeal=appeal, moderator=moderator(), code="duplicate")
    appeal = appeal_services.appeal_publish(appeal=appeal, moderator=moderator())
    if status == Appeal.Status.OPEN:
        return appeal
    if status == Appeal.Status.CLOSED:
        # The signing period ends early here; appeal_close itself is tested with a moved clock.
        Appeal.objects.filter(pk=appeal.pk).update(closes_at=appeal.opened_at)
        return appeal_services.appeal_close(appeal=appeal)
    raise ValueError(status)


def appeal_past_response_threshold(*, to: Addressee | None = None, **overrides) -> Appeal:
    """An open appeal whose confirmed count has reached its addressee's response threshold."""
    appeal = appeal_in(Appeal.Status.OPEN, to=to, **overrides)
    while appeal.response_threshold_reached_at is None:
        sign(appeal)
        appeal.refresh_from_db()
    return appeal
