"""Reads of appeals for pages and the API."""

from datetime import timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal, AppealRegionCount
from heard.appeals.search import Sort, appeals_matching, sort_order
from heard.core import clock, lateness
from heard.core.audit import audit_events_for
from heard.core.lateness import days_late
from heard.offices.models import Addressee
from heard.signatures.selectors import consenting_signers


class Listing:
    """The public lists; each is a named filter over lifecycle state and response milestones."""

    OPEN = "open"
    AWAITING_RESPONSE = "awaiting_response"
    RESPONDED = "responded"
    RESPONDED_LATE = "responded_late"
    OVERDUE = "overdue"
    NEWLY_OVERDUE = "newly_overdue"
    LONG_OVERDUE = "long_overdue"
    CLOSED = "closed"
    REJECTED = "rejected"
    ALL = "all"
    CHOICES = (
        OPEN,
        AWAITING_RESPONSE,
        RESPONDED,
        RESPONDED_LATE,
        OVERDUE,
        NEWLY_OVERDUE,
        LONG_OVERDUE,
        CLOSED,
        REJECTED,
        ALL,
    )
    LABELS = {
        OPEN: _("Open"),
        AWAITING_RESPONSE: _("Awaiting response"),
        RESPONDED: _("Responded"),
        RESPONDED_LATE: _("Responded late"),
        OVERDUE: _("Overdue"),
        NEWLY_OVERDUE: _("Newly overdue"),
        LONG_OVERDUE: _("Long overdue"),
        CLOSED: _("Closed"),
        REJECTED: _("Rejected"),
        ALL: _("All"),
    }


# Owed a response and not given one yet; a rejected appeal can no longer be answered.
AWAITING = Q(
    status__in=Appeal.PUBLISHED,
    response_threshold_reached_at__isnull=False,
    responded_at__isnull=True,
)


def _long_overdue(now) -> Q:
    """Overdue by more than the addressee's `long_overdue_days`: one condition per addressee
    (there are few), so that every database compares plain dates."""
    condition = Q(pk__in=[])
    for pk, days in Addressee.objects.values_list("pk", "long_overdue_days"):
        condition |= Q(addressee_id=pk, response_due_at__lt=now - timedelta(days=days))
    return AWAITING & condition


def _listing_filters(now) -> dict[str, Q]:
    long_overdue = _long_overdue(now)
    return {
        Listing.NEWLY_OVERDUE: AWAITING & Q(response_due_at__lt=now) & ~long_overdue,
        Listing.LONG_OVERDUE: long_overdue,
        Listing.OPEN: Q(status=Appeal.Status.OPEN),
        Listing.AWAITING_RESPONSE: AWAITING & Q(response_due_at__gte=now),
        Listing.OVERDUE: AWAITING & Q(response_due_at__lt=now),
        Listing.RESPONDED: Q(responded_at__isnull=False),
        # Late stays late: an answer after its due date is listed here for good.
        Listing.RESPONDED_LATE: Q(responded_at__gt=F("response_due_at")),
        Listing.CLOSED: Q(status=Appeal.Status.CLOSED),
        Listing.REJECTED: Q(status=Appeal.Status.REJECTED),
        Listing.ALL: Q(),
    }


def appeal_list(
    *, listing: str = Listing.OPEN, query: str = "", addressee_slug: str = "", sort: str = ""
) -> QuerySet[Appeal]:
    """A listing's appeals, matching `query` (search.py), in the order `sort` names (one of
    `Sort.CHOICES`; anything else keeps the listing's own order)."""
    listing = listing if listing in Listing.CHOICES else Listing.OPEN
    appeals = Appeal.objects.filter(
        _listing_filters(clock.now())[listing], status__in=Appeal.PUBLIC
    ).select_related("addressee")
    if addressee_slug:
        appeals = appeals.filter(addressee__slug=addressee_slug)
    appeals = appeals_matching(appeals, query)
    if sort in Sort.CHOICES:
        return appeals.order_by(*sort_order(sort))
    ordering = {
        Listing.OVERDUE: ["response_due_at"],
        Listing.NEWLY_OVERDUE: ["response_due_at"],
        Listing.LONG_OVERDUE: ["response_due_at"],
        Listing.AWAITING_RESPONSE: ["response_due_at"],
        Listing.RESPONDED: ["-responded_at"],
        Listing.RESPONDED_LATE: ["-responded_at"],
        Listing.REJECTED: ["-rejected_at"],
    }.get(listing, ["-signature_count", "-opened_at"])
    return appeals.order_by(*ordering, "-pk")


def appeal_listing_counts() -> dict[str, int]:
    """Every listing's size in one query."""
    filters = _listing_filters(clock.now())
    return Appeal.objects.filter(status__in=Appeal.PUBLIC).aggregate(
        **{listing: Count("pk", filter=condition) for listing, condition in filters.items()}
    )


def appeal_response_queue(*, addressee) -> QuerySet[Appeal]:
    """What a responder of `addressee` owes, the earliest due first."""
    return Appeal.objects.filter(AWAITING, addressee=addressee).order_by("response_due_at")


def appeal_public_get(*, pk: int) -> Appeal | None:
    return (
        Appeal.objects.filter(pk=pk, status__in=Appeal.PUBLIC)
        .select_related("addressee", "response")
        .first()
    )


def appeal_response_days_late(appeal: Appeal) -> int | None:
    """Days the response came (or, not yet given, is) past its due date; None if on time."""
    if appeal.response_due_at is None or (
        appeal.responded_at is None and appeal.status not in Appeal.PUBLISHED
    ):
        return None
    return days_late(due=appeal.response_due_at, done=appeal.responded_at, now=clock.now())


def appeal_lateness_tier(appeal: Appeal) -> str:
    """For an appeal still owed its response: "", "newly_overdue" or "long_overdue"."""
    if appeal.responded_at:
        return ""
    days = appeal_response_days_late(appeal)
    return lateness.tier(days, long_after=appeal.addressee.long_overdue_days)


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
    """The newest names of confirmed signers who agreed to show them; nobody else is listed."""

    newest = consenting_signers(appeal=appeal).order_by("-confirmed_at", "-pk")
    return list(newest.values_list("name", flat=True)[:limit])


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


def appeal_response_figures(*, addressee) -> dict[str, int]:
    """For the public statistics: appeals to `addressee` owed a response, and how each stands.
    A response after its due date counts as late for good."""
    now = clock.now()
    owed = Appeal.objects.filter(
        addressee=addressee,
        status__in=Appeal.PUBLIC,
        response_threshold_reached_at__isnull=False,
    )
    return owed.aggregate(
        owed=Count("pk"),
        responded_on_time=Count(
            "pk", filter=Q(responded_at__isnull=False, responded_at__lte=F("response_due_at"))
        ),
        responded_late=Count("pk", filter=Q(responded_at__gt=F("response_due_at"))),
        overdue_now=Count("pk", filter=AWAITING & Q(response_due_at__lt=now)),
        awaiting=Count("pk", filter=AWAITING & Q(response_due_at__gte=now)),
    )


def appeals_popular_in_region(*, region, limit: int = 5) -> list[AppealRegionCount]:
    """The open appeals most signed in `region`, as their region rows (`.appeal`, `.count`)."""
    return list(
        AppealRegionCount.objects.filter(
            region=region, count__gt=0, appeal__status=Appeal.Status.OPEN
        )
        .select_related("appeal__addressee")
        .order_by("-count", "appeal_id")[:limit]
    )
