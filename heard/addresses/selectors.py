"""Reads of addresses for pages and the API."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Upper

from heard.addresses import codes
from heard.addresses.models import Address, Campaign, Organisation
from heard.core import clock
from heard.core.audit import audit_events_for
from heard.offices.models import Addressee, Department


def addresses_numbered(number: str) -> QuerySet[Address]:
    """Addresses whose number is this one in any case, through the index on UPPER(number)
    (`number__iexact` casts the column and scans the table on PostgreSQL)."""
    return Address.objects.alias(number_upper=Upper("number")).filter(
        number_upper=(number or "").strip().upper()
    )


def address_for_tracking(*, number: str, code: str) -> Address | None:
    """The address if the number and the tracking code match; otherwise None (same answer for
    an unknown number and a wrong code)."""
    address = (
        addresses_numbered(number)
        .select_related(
            "addressee", "department", "answer", "merged_into", "category", "forwarded_from"
        )
        .first()
    )
    if address is None:
        codes.tracking_code_hash(code or "")  # similar time for unknown numbers
        return None
    if not codes.tracking_code_matches(code=code or "", stored_hash=address.tracking_code_hash):
        return None
    return address


def address_public_history(address: Address):
    return audit_events_for(subject=address, public_only=True)


def address_urgency(address: Address) -> str:
    """ "overdue", "due_soon" or "" for an address still to be answered."""
    if address.status not in Address.IN_PROGRESS or address.answer_due_at is None:
        return ""
    now = clock.now()
    if address.answer_due_at < now:
        return "overdue"
    soon = codes.policy_for(address.addressee).due_soon_days
    return "due_soon" if address.answer_due_at < now + timedelta(days=soon) else ""


class Queue:
    ALL = "all"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UNASSIGNED = "unassigned"
    CHOICES = (ALL, OVERDUE, DUE_SOON, UNASSIGNED)


def address_queue(
    *, addressee: Addressee, department: Department | None = None, queue: str = Queue.ALL
) -> QuerySet[Address]:
    """Addresses to handle, sorted by due date (the earliest first)."""
    now = clock.now()
    addresses = Address.objects.filter(addressee=addressee, status__in=Address.IN_PROGRESS)
    if department is not None:
        addresses = addresses.filter(department=department)
    soon = now + timedelta(days=codes.policy_for(addressee).due_soon_days)
    addresses = {
        Queue.OVERDUE: addresses.filter(answer_due_at__lt=now),
        Queue.DUE_SOON: addresses.filter(answer_due_at__gte=now, answer_due_at__lt=soon),
        Queue.UNASSIGNED: addresses.filter(department__isnull=True),
    }.get(queue, addresses)
    return addresses.select_related("department", "category", "region").order_by(
        "answer_due_at", "pk"
    )


def address_queue_counts(*, addressee: Addressee) -> list[dict]:
    """Per department: in progress, overdue, due soon — one grouped query."""
    now = clock.now()
    soon = now + timedelta(days=codes.policy_for(addressee).due_soon_days)
    return list(
        Address.objects.filter(addressee=addressee, status__in=Address.IN_PROGRESS)
        .values("department_id", "department__name", "department__code")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(answer_due_at__lt=now)),
            due_soon=Count("pk", filter=Q(answer_due_at__gte=now, answer_due_at__lt=soon)),
        )
        .order_by("department__name")
    )


def addresses_awaiting_registration(*, addressee: Addressee) -> int:
    return Address.objects.filter(addressee=addressee, status=Address.Status.RECEIVED).count()


def address_staff_get(*, pk: int) -> Address | None:
    return (
        Address.objects.select_related(
            "addressee",
            "department",
            "category",
            "region",
            "answer",
            "merged_into",
            "organisation",
            "campaign",
            "forwarded_from",
        )
        .filter(pk=pk)
        .first()
    )


def address_by_number(*, addressee: Addressee, number: str) -> Address | None:
    return addresses_numbered(number).filter(addressee=addressee).first()


def campaign_counts(campaign: Campaign) -> dict[str, list[dict]]:
    """Live counts of a campaign by channel, category and region (grouped queries, indexed)."""
    addresses = Address.accepted().filter(campaign=campaign)
    return {
        "total": addresses.count(),
        "channels": list(
            addresses.values("channel").annotate(count=Count("pk")).order_by("-count")
        ),
        "categories": list(
            addresses.values("category__name_ru", "category__name_en")
            .annotate(count=Count("pk"))
            .order_by("-count")
        ),
        "regions": list(
            addresses.values("region__name_ru", "region__name_en")
            .annotate(count=Count("pk"))
            .order_by("-count")[:100]
        ),
    }


def organisation_cases(*, organisation: Organisation) -> QuerySet[Address]:
    return (
        Address.objects.filter(organisation=organisation)
        .select_related("addressee", "department")
        .order_by("-received_at")
    )


def organisations_for(user) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(users=user)
