"""What the addressee's office does with a registered address."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from heard.addresses import codes
from heard.addresses.deadlines import due_after
from heard.addresses.models import Address, AddressAnswer
from heard.addresses.services.common import guard, locked, notify, require_handler, route
from heard.core import clock
from heard.core.audit import audit_record, audit_records
from heard.core.errors import DomainError, TransitionNotAllowed
from heard.offices.models import Addressee, Department


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code="required")
    return value


@transaction.atomic
def address_assign(*, address: Address, actor, department: Department) -> Address:
    require_handler(actor, address.addressee)
    address = locked(address)
    guard(
        address,
        Address.ASSIGNABLE,
        _("Address %(number)s cannot be assigned to a department: it is %(state)s."),
    )
    if department.addressee_id != address.addressee_id:
        raise TransitionNotAllowed(_("The department belongs to another addressee."))
    previous = address.department.code if address.department else None
    address.department = department
    address.assigned_at = clock.now()
    # An extended or returned address keeps that state: only its department changes.
    if address.status in (Address.Status.REGISTERED, Address.Status.ASSIGNED):
        address.status = Address.Status.ASSIGNED
    address.save(update_fields=["department", "assigned_at", "status"])
    audit_record(
        subject=address,
        verb="assigned",
        actor=actor,
        data={"department": department.code, "previous": previous},
    )
    return address


@transaction.atomic
def address_forward(
    *,
    address: Address,
    actor,
    to_addressee: Addressee | None = None,
    to_body: str = "",
    note: str = "",
) -> Address:
    """Outside the addressee's competence. To another addressee on the platform the address moves
    with its number and history and its clocks start again there; to an outside body it is
    closed here with a record of where it went. Either way the applicant is told."""
    require_handler(actor, address.addressee)
    address = locked(address)
    guard(
        address, Address.FORWARDABLE, _("Address %(number)s cannot be forwarded: it is %(state)s.")
    )
    to_body = (to_body or "").strip()[:300]
    if (to_addressee is None) == (not to_body):
        raise DomainError(
            _("Choose an addressee on the platform or name the outside body, not both."),
            code="forward_target_required",
        )
    now = clock.now()
    late = now > address.forwarding_due_at
    origin = address.addressee
    if to_addressee is not None:
        if to_addressee.pk == origin.pk:
            raise TransitionNotAllowed(_("The address is already with this addressee."))
        policy = codes.policy_for(to_addressee)
        address.addressee = to_addressee
        address.forwarded_from = origin
        address.category = None  # categories belong to the addressee that defined them
        address.department = route(
            addressee=to_addressee, category_id=None, region_id=address.region_id
        )
        address.answer_due_at = due_after(now, policy.answer_days)
        address.forwarding_due_at = due_after(now, policy.forwarding_days)
        address.extended_at, address.extension_days, address.extension_reason = None, None, ""
        address.assigned_at = now if address.department else None
        address.status = (
            Address.Status.ASSIGNED if address.department else Address.Status.REGISTERED
        )
        target = {"addressee": to_addressee.slug}
    else:
        address.status = Address.Status.FORWARDED
        address.forwarded_to_body = to_body
        address.closed_at = now
        target = {"body": to_body}
    address.forwarded_at = now
    address.save()
    audit_record(
        subject=address,
        verb="forwarded",
        actor=actor,
        data={"from": origin.slug, "late": late, **target}
        | ({"note": note.strip()[:2000]} if note.strip() else {}),
        public=True,
    )
    notify(address, "forwarded")
    return address


@transaction.atomic
def address_extend(*, address: Address, actor, days: int, reason: str) -> Address:
    require_handler(actor, address.addressee)
    address = locked(address)
    guard(
        address,
        Address.EXTENDABLE,
        _("The answer term of address %(number)s cannot be extended: it is %(state)s."),
    )
    if address.extended_at is not None:
        raise TransitionNotAllowed(_("The answer can be extended only once."))
    if address.kind == Address.Kind.EVENT_NOTICE:
        raise TransitionNotAllowed(_("The answer to a notice of a public event is not extended."))
    # 59-FZ: the extension is decided while the term runs, not once it has run out.
    if address.answer_due_at is not None and address.answer_due_at < clock.now():
        raise TransitionNotAllowed(
            _(
                "The term of address %(number)s ran out on %(due)s: an extension must be "
                "decided before the term ends. Answer it now; its lateness stays on record."
            )
            % {
                "number": address.number,
                "due": date_format(timezone.localtime(address.answer_due_at), "j E Y"),
            }
        )
    longest = codes.policy_for(address.addressee).extension_max_days
    if not 1 <= int(days) <= longest:
        raise DomainError(
            _("An extension is from 1 to %(count)d days.") % {"count": longest},
            code="invalid_days",
        )
    reason = _required(reason, _("Give the reason for the extension."))
    previous_due = address.answer_due_at
    address.status = Address.Status.EXTENDED
    address.extended_at = clock.now()
    address.extension_days = int(days)
    address.extension_reason = reason[:2000]
    address.answer_due_at = due_after(previous_due, int(days))
    address.save(
        update_fields=[
            "status",
            "extended_at",
            "extension_days",
            "extension_reason",
            "answer_due_at",
        ]
    )
    audit_record(
        subject=address,
        verb="extended",
        actor=actor,
        data={"days": int(days), "previous_due_at": previous_due.isoformat()},
        public=True,
    )
    notify(address, "extended")
    return address


@transaction.atomic
def address_answer(*, address: Address, actor, text: str, office: str) -> Address:
    """Answer on the merits; addresses merged into this one are answered with it."""
    from heard.addresses.tasks import address_group_notify

    require_handler(actor, address.addressee)
    address = locked(address)
    guard(address, Address.ANSWERABLE, _("Address %(number)s cannot be answered: it is %(state)s."))
    text = _required(text, _("Write the answer."))
    office = _required(office, _("Name the office that answers."))
    now = clock.now()
    answer = AddressAnswer.objects.create(
        text=text[:50_000], office=office[:200], created_at=now, author=actor
    )
    address.status = Address.Status.ANSWERED
    address.answered_at = now
    address.closed_at = now
    address.answer = answer
    address.save(update_fields=["status", "answered_at", "closed_at", "answer"])
    audit_record(
        subject=address,
        verb="answered",
        actor=actor,
        data={"on_time": now <= address.answer_due_at},
        public=True,
    )
    merged = Address.objects.filter(merged_into=address, status=Address.Status.MERGED)
    merged_ids = list(merged.values_list("pk", flat=True))
    if merged_ids:
        Address.objects.filter(pk__in=merged_ids).update(
            status=Address.Status.ANSWERED, answered_at=now, closed_at=now, answer=answer
        )
        audit_records(
            model=Address,
            subject_ids=merged_ids,
            verb="answered",
            actor=actor,
            data={"with": address.number},
            public=True,
        )
        # A task row in this transaction (the database queue): the fan-out is not lost if the
        # process stops right after the commit.
        address_group_notify.enqueue(
            primary_id=address.pk, event="answered", since=now.isoformat(), after_id=0
        )
    notify(address, "answered")
    return address


@transaction.atomic
def address_leave(
    *,
    address: Address,
    actor,
    ground: str,
    note: str = "",
    earlier: Address | None = None,
    crime_reported_to: str = "",
) -> Address:
    """Leave without an answer on the merits, on a ground from the closed list."""
    require_handler(actor, address.addressee)
    address = locked(address)
    guard(
        address,
        Address.LEAVABLE,
        _("Address %(number)s cannot be left without an answer: it is %(state)s."),
    )
    if ground not in Address.Ground.values:
        raise DomainError(_("Choose a ground from the list."), code="invalid_ground")
    if ground == Address.Ground.NO_CONTACT and not address.anonymous and address.has_contact:
        raise TransitionNotAllowed(
            _("The address has a name and a contact for the reply; this ground does not apply.")
        )
    if ground == Address.Ground.ALREADY_ANSWERED:
        if (
            earlier is None
            or earlier.pk == address.pk
            or earlier.addressee_id != address.addressee_id
            or earlier.status != Address.Status.ANSWERED
        ):
            raise TransitionNotAllowed(
                _("Give the number of an earlier answered address to this addressee.")
            )
        address.answer_id = earlier.answer_id
    now = clock.now()
    address.status = Address.Status.LEFT_WITHOUT_ANSWER
    address.left_at = now
    address.closed_at = now
    address.ground = ground
    address.ground_note = (note or "").strip()[:2000]
    # Without a contact the address is still passed on if it reports a crime.
    address.forwarded_to_body = (crime_reported_to or "").strip()[:300]
    address.save()
    audit_record(
        subject=address,
        verb="left_without_answer",
        actor=actor,
        data={"ground": ground, "earlier": earlier.number if earlier else None},
        public=True,
    )
    notify(address, "left_without_answer")
    return address


@transaction.atomic
def address_merge(*, address: Address, primary: Address, actor) -> Address:
    """Link an identical address to a primary one; it is answered with the primary."""
    require_handler(actor, address.addressee)
    if address.pk == primary.pk:
        raise TransitionNotAllowed(_("An address cannot be merged into itself."))
    first, second = sorted([address, primary], key=lambda item: item.pk)
    first, second = locked(first), locked(second)
    address, primary = (first, second) if first.pk == address.pk else (second, first)
    guard(address, Address.MERGEABLE, _("Address %(number)s cannot be merged: it is %(state)s."))
    if primary.status not in Address.CAN_BE_PRIMARY or primary.addressee_id != address.addressee_id:
        raise TransitionNotAllowed(
            _("The primary address must be open and with the same addressee.")
        )
    now = clock.now()
    address.status = Address.Status.MERGED
    address.merged_at = now
    address.merged_into = primary
    address.save(update_fields=["status", "merged_at", "merged_into"])
    # Keep links one level deep: what was merged into this address now follows the primary.
    Address.objects.filter(merged_into=address).update(merged_into=primary)
    audit_record(
        subject=address, verb="merged", actor=actor, data={"into": primary.number}, public=True
    )
    notify(address, "merged")
    return address


@transaction.atomic
def address_merge_bulk(*, primary: Address, address_ids: list[int], actor) -> int:
    """Merge a mass campaign of identical addresses into one primary in a few statements."""
    from heard.addresses.tasks import address_group_notify

    require_handler(actor, primary.addressee)
    primary = locked(primary)
    if primary.status not in Address.CAN_BE_PRIMARY:
        raise TransitionNotAllowed(_("The primary address must be open."))
    candidates = Address.objects.select_for_update().filter(
        pk__in=address_ids, addressee_id=primary.addressee_id, status__in=Address.MERGEABLE
    )
    ids = list(candidates.exclude(pk=primary.pk).values_list("pk", flat=True))
    if not ids:
        return 0
    now = clock.now()
    Address.objects.filter(pk__in=ids).update(
        status=Address.Status.MERGED, merged_at=now, merged_into=primary
    )
    Address.objects.filter(merged_into_id__in=ids).update(merged_into=primary)
    audit_records(
        model=Address,
        subject_ids=ids,
        verb="merged",
        actor=actor,
        data={"into": primary.number},
        public=True,
    )
    # In this transaction, as in address_answer.
    address_group_notify.enqueue(
        primary_id=primary.pk, event="merged", since=now.isoformat(), after_id=0
    )
    return len(ids)
