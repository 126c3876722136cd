"""What the applicant does with the number and the tracking code."""

from django.db import transaction
from django.utils.translation import gettext as _

from heard.addresses import codes
from heard.addresses.deadlines import due_after
from heard.addresses.models import Address
from heard.addresses.services.common import guard, locked
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed


def _check_code(address: Address, code: str) -> None:
    if not codes.tracking_code_matches(code=code, stored_hash=address.tracking_code_hash):
        raise PermissionDenied(_("The number and the tracking code do not match."))


@transaction.atomic
def address_rate(*, address: Address, tracking_code: str, rating: int) -> Address:
    address = locked(address)
    _check_code(address, tracking_code)
    guard(
        address,
        (Address.Status.ANSWERED,),
        _("Only an answer can be rated; address %(number)s is %(state)s."),
    )
    if rating not in range(1, 6):
        raise DomainError(_("Rate the answer from 1 to 5."), code="invalid_rating")
    address.rating = rating
    address.rated_at = clock.now()
    address.save(update_fields=["rating", "rated_at"])
    audit_record(subject=address, verb="rated", actor_role="applicant", data={"rating": rating})
    return address


@transaction.atomic
def address_return(*, address: Address, tracking_code: str, reason: str) -> Address:
    """Once, the applicant returns the answer for re-consideration; a new answer clock starts."""
    address = locked(address)
    _check_code(address, tracking_code)
    guard(
        address,
        (Address.Status.ANSWERED,),
        _("Only an answered address can be returned; address %(number)s is %(state)s."),
    )
    if address.returned_at is not None:
        raise TransitionNotAllowed(_("An answer can be returned for re-consideration only once."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the answer should be re-considered."), code="required")
    now = clock.now()
    # A returned address runs on a new clock from the day of the return, of the policy's
    # `return_days`; the earlier extension belonged to the earlier clock (it stays in the
    # history) and the new one may be extended once in its turn.
    days = codes.policy_for(address.addressee).return_days
    previous_due = address.answer_due_at
    address.status = Address.Status.RETURNED
    address.returned_at = now
    address.return_reason = reason[:2000]
    address.closed_at = None
    address.answer_due_at = due_after(now, days)
    address.extended_at = None
    address.extension_days = None
    address.extension_reason = ""
    address.save(
        update_fields=[
            "status",
            "returned_at",
            "return_reason",
            "closed_at",
            "answer_due_at",
            "extended_at",
            "extension_days",
            "extension_reason",
        ]
    )
    audit_record(
        subject=address,
        verb="returned",
        actor_role="applicant",
        data={
            "answer_due_at": address.answer_due_at.isoformat(),
            "days": days,
            "previous_due_at": previous_due.isoformat() if previous_due else None,
        },
        public=True,
    )
    return address
