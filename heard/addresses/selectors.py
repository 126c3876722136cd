"""Reads of addresses for pages and the API."""

import json
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from heard.addresses import codes
from heard.addresses.deadlines import days_between, due_after
from heard.addresses.keyset import (
    KeysetPage,
    keyset_after,
    keyset_nth,
    keyset_page,
    keyset_until,
)
from heard.addresses.models import Address, Campaign, Organisation
from heard.core import clock, lateness
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
    *,
    addressee: Addressee,
    department: Department | None = None,
    queue: str = Queue.ALL,
    statuses=Address.IN_PROGRESS,
) -> QuerySet[Address]:
    """Addresses to handle (or, with other statuses, to look back on), sorted by due date (the
    earliest first)."""
    now = clock.now()
    addresses = Address.objects.filter(addressee=addressee, status__in=statuses)
    if set(statuses) - set(Address.IN_PROGRESS):
        # The keyset cursor needs a due date; only addresses never registered lack one.
        addresses = addresses.filter(answer_due_at__isnull=False)
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


QUEUE_SORTS = {
    "due": ("answer_due_at", "pk"),
    "received": ("received_at", "pk"),
    "-received": ("-received_at", "-pk"),
}


def searched(queryset: QuerySet[Address], text: str, *, indexed: bool = True) -> QuerySet[Address]:
    """Addresses whose text holds every word of `text` (stems, on PostgreSQL) or whose number
    is `text`. With indexed=False the test is one the text index cannot answer, so that the
    rows are read in the queryset's own way and each tested (address_queue_page)."""
    if connection.vendor != "postgresql":
        return queryset.filter(Q(text__icontains=text) | Q(number__iexact=text))
    # The stored vector (migration 0016), GIN-indexed: a row tested while the queue is walked
    # in its order is compared, not stemmed again.
    table = connection.ops.quote_name(Address._meta.db_table)
    matched = (
        f"{table}.search_vector @@ "
        "(plainto_tsquery('russian', %s) || plainto_tsquery('english', %s))"
        f" OR UPPER({table}.number) = UPPER(%s)"
    )
    if not indexed:
        matched = f"({matched}) IS TRUE"
    # Only quoted names are formatted in; the searched text is a parameter.
    return queryset.extra(where=[matched], params=[text] * 3)  # noqa: S610


# A text search looks for its page among this many rows of the queue after the cursor first.
SEARCH_WALK_ROWS = 2000


def address_queue_page(*, addresses: QuerySet[Address], unsearched: QuerySet[Address] | None,
                       text: str, cursor: str) -> KeysetPage:
    """A page of the queue; with a text search, read in one of two ways whose cost does not
    follow the number of matches.

    The planner takes words that come together (a campaign's template) for independent and
    rare: it reads every match through the text index and sorts them (44,000 at a million).
    So the page is first looked for among the next SEARCH_WALK_ROWS rows in the queue's order
    (bounded by the last of them, found in the index alone), each tested against its stored
    vector with the text index kept out of it: the walk stops at a page. Only when they hold
    less than a page are the matches rare (fewer than one in forty), and they are read
    through the text index and sorted, by an expression that no index provides."""
    if unsearched is None or not text:
        return keyset_page(addresses, cursor)
    following = keyset_after(unsearched, cursor)
    last = keyset_nth(following, SEARCH_WALK_ROWS - 1)
    if last is not None:
        following = keyset_until(following, *last)
    walked = keyset_page(searched(following, text, indexed=False), cursor)
    if walked.next_cursor or last is None:
        return walked
    return keyset_page(_ordered_by_expression(addresses), cursor)


def _ordered_by_expression(queryset: QuerySet[Address]) -> QuerySet[Address]:
    first = queryset.query.order_by[0]
    column, descending = first.lstrip("-"), first.startswith("-")
    if column in queryset.query.annotations:
        return queryset
    sign = "-" if descending else ""
    return queryset.annotate(sort_value=Coalesce(column, column)).order_by(
        f"{sign}sort_value", f"{sign}pk")


def address_queue_filtered(queryset: QuerySet[Address], filters: dict) -> QuerySet[Address]:
    """The queue narrowed by the responder's filters (queue_forms.QueueFilterForm) and sorted.
    The text search is PostgreSQL's full-text search (Russian and English stems, stored and
    GIN-indexed by migration 0016), a case-insensitive substring match on SQLite; a number
    matches either way."""
    if filters.get("category"):
        queryset = queryset.filter(category=filters["category"])
    verdict = filters.get("verdict")
    if verdict:
        queryset = queryset.filter(verdict="" if verdict == "none" else verdict)
    if filters.get("channel"):
        queryset = queryset.filter(channel=filters["channel"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    applicant = filters.get("applicant")
    if applicant == "organisation":
        queryset = queryset.filter(organisation__isnull=False)
    elif applicant == "anonymous":
        queryset = queryset.filter(anonymous=True, organisation__isnull=True)
    elif applicant == "named":
        queryset = queryset.filter(anonymous=False, organisation__isnull=True)
    if filters.get("campaign"):
        queryset = queryset.filter(campaign=filters["campaign"])
    # Bounds on the column itself, from the local day's start: `received_at__date` casts every
    # row's time to a local date, which no index on received_at can answer.
    if filters.get("received_from"):
        queryset = queryset.filter(received_at__gte=_day_start(filters["received_from"]))
    if filters.get("received_to"):
        queryset = queryset.filter(
            received_at__lt=_day_start(filters["received_to"] + timedelta(days=1))
        )
    if filters.get("q"):
        queryset = searched(queryset, filters["q"])
    sort = QUEUE_SORTS.get(filters.get("sort") or "due", QUEUE_SORTS["due"])
    if sort == QUEUE_SORTS["due"] and _received_window(filters):
        # Due dates follow received dates, so walking the due-date index in order reads every
        # row received before the window first (178,000 at a million for one day, 0.6 s). Sorted
        # by an expression no index provides, the window's rows come through the received
        # index and are sorted. The keyset reads the expression's value like a column.
        queryset = queryset.annotate(due_in_window=Coalesce("answer_due_at", "answer_due_at"))
        sort = ("due_in_window", "pk")
    return queryset.order_by(*sort)


# A window of received dates up to this long is read through the received index and sorted;
# a longer one (or one open to the past) is better walked in due-date order.
RECEIVED_WINDOW_SORTED_DAYS = 31


def _received_window(filters: dict) -> bool:
    start = filters.get("received_from")
    if not start:
        return False
    end = filters.get("received_to") or timezone.localdate(clock.now())
    return (end - start).days < RECEIVED_WINDOW_SORTED_DAYS


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


# Up to this many, the queue counts exactly; past it the planner's estimate is shown as such.
EXACT_COUNT_UP_TO = 1000


def address_queue_total(queryset: QuerySet[Address]) -> tuple[int, bool]:
    """How many addresses a queue listing holds, and whether the figure is an estimate."""
    return counted_or_estimated(queryset)


def counted_or_estimated(queryset: QuerySet) -> tuple[int, bool]:
    """How many rows a queryset holds, and whether the figure is an estimate.

    Counting a million rows exactly costs seconds on every page view; a responder needs the
    exact figure only when it is small. So on PostgreSQL: the planner's estimate first (no rows
    read); when it is far past EXACT_COUNT_UP_TO, that estimate, said to be one; otherwise an
    exact count that stops reading past EXACT_COUNT_UP_TO (a text search counting its way to
    the cap stemmed each row twice before the vector was stored: 1.2 s for a common word at a
    million). SQLite, small by nature, always counts."""
    queryset = queryset.order_by()
    if connection.vendor != "postgresql":
        return queryset.count(), False
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    if estimate > 10 * EXACT_COUNT_UP_TO:
        return estimate, True
    counted = queryset[: EXACT_COUNT_UP_TO + 1].count()
    if counted <= EXACT_COUNT_UP_TO:
        return counted, False
    return max(estimate, counted), True


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


def address_staff_queryset() -> QuerySet[Address]:
    """Addresses with what the office's page of one address shows."""
    return Address.objects.select_related(
        "addressee",
        "department",
        "category",
        "region",
        "answer",
        "merged_into",
        "organisation",
        "campaign",
        "forwarded_from",
        # What the page asks of its one-to-one neighbours: a join each, not a query each.
        "identity_verification",
        "event",
        "triage",
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


class DueStep(NamedTuple):
    at: datetime
    due: datetime
    text: str


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j E Y")


def address_due_steps(address: Address) -> list[DueStep]:
    """How the answer's due date came to be, one step per change of the clock, from the audit
    log: "registered 3 October + 30 days = 2 November; extended on 20 October by 30 days =
    2 December" (the way Alaveteli users asked for it, alaveteli #5101)."""
    steps = []
    for event in audit_events_for(subject=address, public_only=True):
        data = event.data or {}
        if event.verb == "registered" and data.get("answer_due_at"):
            due = datetime.fromisoformat(data["answer_due_at"])
            days = data.get("days") or days_between(event.created_at, due)
            text = _("Registered on %(day)s + %(days)d days = %(due)s") % {
                "day": _day(event.created_at), "days": days, "due": _day(due)
            }
        elif event.verb == "extended" and data.get("previous_due_at"):
            previous = datetime.fromisoformat(data["previous_due_at"])
            due = due_after(previous, int(data["days"]))
            text = _("Extended on %(day)s by %(days)d days: %(previous)s + %(days)d = %(due)s") % {
                "day": _day(event.created_at),
                "days": int(data["days"]),
                "previous": _day(previous),
                "due": _day(due),
            }
        elif event.verb == "returned" and data.get("answer_due_at"):
            due = datetime.fromisoformat(data["answer_due_at"])
            text = _("Returned for re-consideration on %(day)s + %(days)d days = %(due)s") % {
                "day": _day(event.created_at), "days": int(data["days"]), "due": _day(due)
            }
        else:
            continue
        steps.append(DueStep(event.created_at, due, text))
    return steps


# The public lists' orders by name (a name not here is the first); the primary key last keeps
# pages stable.
OVERDUE_SORTS = {
    "most_late": ("answer_due_at", "pk"),
    "least_late": ("-answer_due_at", "-pk"),
    "newest": ("-received_at", "-pk"),
    "oldest": ("received_at", "pk"),
}
EVENT_SORTS = {
    "event_latest": ("-event_date", "-pk"),
    "event_soonest": ("event_date", "pk"),
    "received": ("-address__received_at", "-pk"),
    "answer_due": ("address__answer_due_at", "pk"),
}


def addresses_overdue(
    *,
    addressee: Addressee,
    tier: str,
    department: Department | None = None,
    sort: str = "most_late",
) -> QuerySet[Address]:
    """Addresses in progress past their answer's due date: newly overdue, or long overdue once
    more than the addressee's `long_overdue_days` past it; the longest waiting first unless
    `sort` names another of OVERDUE_SORTS."""
    now = clock.now()
    long_before = now - timedelta(days=addressee.long_overdue_days)
    found = Address.objects.filter(addressee=addressee, status__in=Address.IN_PROGRESS)
    if tier == lateness.LONG_OVERDUE:
        found = found.filter(answer_due_at__lt=long_before)
    else:
        found = found.filter(answer_due_at__lt=now, answer_due_at__gte=long_before)
    if department is not None:
        found = found.filter(department=department)
    order = OVERDUE_SORTS.get(sort, OVERDUE_SORTS["most_late"])
    return found.select_related("department", "category").order_by(*order)


class EventListing:
    ALL = "all"
    AWAITING = "awaiting"
    OVERDUE = "overdue"
    AGREED = "agreed"
    CHANGE_PROPOSED = "change_proposed"
    REFUSED = "refused"
    CHOICES = (ALL, AWAITING, OVERDUE, AGREED, CHANGE_PROPOSED, REFUSED)


def event_notices_public(
    *, listing: str = EventListing.ALL, addressee_slug: str = "", sort: str = "event_latest"
):
    """The public register of notices of public events: never the organiser's personal data
    (the page reads only the notice's own fields, the number and the dates)."""
    from heard.addresses.models import EventNotice

    now = clock.now()
    notices = EventNotice.objects.select_related("address__addressee").exclude(
        address__status__in=Address.NOT_ACCEPTED
    )
    if addressee_slug:
        notices = notices.filter(address__addressee__slug=addressee_slug)
    waiting = Q(address__status__in=Address.IN_PROGRESS)
    filters = {
        EventListing.AWAITING: waiting & Q(address__answer_due_at__gte=now),
        EventListing.OVERDUE: waiting & Q(address__answer_due_at__lt=now),
        EventListing.AGREED: Q(outcome="agreed"),
        EventListing.CHANGE_PROPOSED: Q(outcome="change_proposed"),
        EventListing.REFUSED: Q(outcome="refused"),
    }
    if listing in filters:
        notices = notices.filter(filters[listing])
    return notices.order_by(*EVENT_SORTS.get(sort, EVENT_SORTS["event_latest"]))


def event_notice_public_row(notice) -> dict:
    """What anyone may know of a notice (the register page, the API, the open data): its own
    fields, the number and the dates; never the organiser, who lives on the address."""
    address = notice.address
    return {
        "number": address.number,
        "form": notice.form,
        "purpose": notice.purpose,
        "event_date": notice.event_date,
        "starts_at": notice.starts_at,
        "ends_at": notice.ends_at,
        "place": notice.place,
        "participants": notice.participants,
        "organising_group": notice.organising_group,
        "received_at": address.received_at,
        "answer_due_at": address.answer_due_at,
        "answered_at": address.answered_at,
        "outcome": notice.outcome,
        "ground": notice.ground,
        "proposal": notice.proposal,
        "reasons": notice.reasons,
        "answer_days_late": address.answer_days_late,
    }


def event_notice_figures(*, addressee: Addressee) -> dict[str, int]:
    """Per addressee: notices, answered within the term or late, overdue now, and outcomes."""
    from heard.addresses.models import EventNotice

    now = clock.now()
    answered = Q(address__answered_at__isnull=False)
    return EventNotice.objects.filter(address__addressee=addressee).exclude(
        address__status__in=Address.NOT_ACCEPTED
    ).aggregate(
        notices=Count("pk"),
        answered_on_time=Count(
            "pk", filter=answered & Q(address__answered_at__lte=F("address__answer_due_at"))
        ),
        answered_late=Count(
            "pk", filter=answered & Q(address__answered_at__gt=F("address__answer_due_at"))
        ),
        overdue_now=Count(
            "pk",
            filter=Q(address__status__in=Address.IN_PROGRESS, address__answer_due_at__lt=now),
        ),
        agreed=Count("pk", filter=Q(outcome="agreed")),
        change_proposed=Count("pk", filter=Q(outcome="change_proposed")),
        refused=Count("pk", filter=Q(outcome="refused")),
    )


def answer_templates_for(address: Address):
    """The office's templates that fit the address: its category's, and those for any."""
    from heard.addresses.models import AnswerTemplate

    return AnswerTemplate.objects.filter(addressee_id=address.addressee_id, active=True).filter(
        Q(category__isnull=True) | Q(category_id=address.category_id)
    )
