"""Reads of appeals for pages and the API."""

from django.db.models import Q, QuerySet

from heard.appeals.models import Appeal, AppealRegionCount
from heard.core import clock
from heard.core.audit import audit_events_for


class Listing:
    """The public lists; each is a named filter over lifecycle state and response milestones."""

    OPEN = "open"
    AWAITING_RESPONSE = "awaiting_response"
    RESPONDED = "responded"
    OVERDUE = "overdue"
    CLOSED = "closed"
    REJECTED = "rejected"
    ALL = "all"
    CHOICES = (OPEN, AWAITING_RESPONSE, RESPONDED, OVERDUE, CLOSED, REJECTED, ALL)


def appeal_list(
    *, listing: str = Listing.OPEN, query: str = "", addressee_slug: str = ""
) -> QuerySet[Appeal]:
    now = clock.now()
    appeals = Appeal.objects.filter(status__in=Appeal.PUBLIC).select_related("addressee")
    # A rejected appeal can no longer be answered, so it is never awaiting or overdue.
    awaiting = Q(
        status__in=Appeal.PUBLISHED,
        response_threshold_reached_at__isnull=False,
        responded_at__isnull=True,
    )
    appeals = {
        Listing.OPEN: appeals.filter(status=Appeal.Status.OPEN),
        Listing.AWAITING_RESPONSE: appeals.filter(awaiting, response_due_at__gte=now),
        Listing.OVERDUE: appeals.filter(awaiting, response_due_at__lt=now),
        Listing.RESPONDED: appeals.filter(responded_at__isnull=False),
        Listing.CLOSED: appeals.filter(status=Appeal.Status.CLOSED),
        Listing.REJECTED: appeals.filter(status=Appeal.Status.REJECTED),
        Listing.ALL: appeals,
    }[listing if listing in Listing.CHOICES else Listing.OPEN]
    if addressee_slug:
        appeals = appeals.filter(addressee__slug=addressee_slug)
    if query:
        # Texts hidden by a rejection are not searchable either.
        hidden = Q(status=Appeal.Status.REJECTED, rejection_code__in=Appeal.HIDDEN_TEXT_CODES)
        appeals = appeals.filter(
            Q(title__icontains=query)
            | Q(group_name__icontains=query)
            | (Q(text__icontains=query) & ~hidden)
        )
    ordering = {
        Listing.OVERDUE: ["response_due_at"],
        Listing.AWAITING_RESPONSE: ["response_due_at"],
        Listing.RESPONDED: ["-responded_at"],
        Listing.REJECTED: ["-rejected_at"],
    }.get(listing, ["-signature_count", "-opened_at"])
    return appeals.order_by(*ordering, "-pk")


def appeal_listing_counts() -> dict[str, int]:
    return {listing: appeal_list(listing=listing).count() for listing in Listing.CHOICES}


def appeal_public_get(*, pk: int) -> Appeal | None:
    return (
        Appeal.objects.filter(pk=pk, status__in=Appeal.PUBLIC)
        .select_related("addressee", "response")
        .first()
    )


def appeal_response_state(appeal: Appeal) -> str:
    """One of: "not_due", "awaiting", "overdue", "responded"."""
    if appeal.responded_at:
        return "responded"
    if appeal.response_due_at is None or appeal.status not in Appeal.PUBLISHED:
        return "not_due"
    return "overdue" if appeal.response_due_at < clock.now() else "awaiting"


def appeal_region_counts(appeal: Appeal) -> list[AppealRegionCount]:
    return list(
        AppealRegionCount.objects.filter(appeal=appeal, count__gt=0).select_related("region")
    )


def appeal_public_names(appeal: Appeal, *, limit: int = 50) -> list[str]:
    """Names of confirmed signers who agreed to show them; nobody else is ever listed."""
    from heard.signatures.models import Signature

    return list(
        appeal.signatures.filter(show_name=True, status=Signature.Status.CONFIRMED)
        .order_by("-confirmed_at")
        .values_list("name", flat=True)[:limit]
    )


def appeal_history(appeal: Appeal):
    return audit_events_for(subject=appeal, public_only=True)


def appeal_progress(appeal: Appeal) -> dict[str, int]:
    policy = appeal.addressee

    def percent(threshold: int) -> int:
        return min(100, appeal.signature_count * 100 // max(threshold, 1))

    return {
        "response_percent": percent(policy.response_threshold),
        "consideration_percent": percent(policy.consideration_threshold),
    }
