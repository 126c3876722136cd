"""Public statistics per addressee and department: aggregate queries only, no personal data."""

from datetime import timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth

from heard.addresses.models import Address
from heard.core import clock
from heard.offices.models import Addressee

MONTHS = 12


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, halfway between the two middle values
    when there is an even number of them, in the same grouped query as the counts."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _took():
    return ExpressionWrapper(F("answered_at") - F("registered_at"), output_field=DurationField())


def _days(duration) -> float | None:
    return round(duration.total_seconds() / 86400, 1) if duration is not None else None


def _with_medians(rows: list[dict], group_of) -> list[dict]:
    """Each row's median days to answer: from its `median` column on PostgreSQL, else (SQLite
    has no percentile_cont) by two indexed-offset queries per row."""
    for row in rows:
        if "median" in row:
            row["median_days"] = _days(row.pop("median"))
        else:
            row["median_days"] = median_days_to_answer(group_of(row))
    return rows


def _counts(now) -> dict:
    answered = Q(answered_at__isnull=False)
    median = {}
    if connection.vendor == "postgresql":
        took = Q(answered_at__isnull=False, registered_at__isnull=False)
        median = {"median": Median(_took(), filter=took)}
    return median | {
        "received": Count("pk"),
        "answered_on_time": Count("pk", filter=answered & Q(answered_at__lte=F("answer_due_at"))),
        "answered_late": Count("pk", filter=answered & Q(answered_at__gt=F("answer_due_at"))),
        "overdue_now": Count("pk", filter=Q(status__in=Address.IN_PROGRESS, answer_due_at__lt=now)),
        "in_progress": Count("pk", filter=Q(status__in=Address.OPEN)),
    }


def median_days_to_answer(addresses: QuerySet[Address]) -> float | None:
    """The median of (answered − registered) in days, read with two indexed-offset queries
    instead of loading the rows."""
    answered = addresses.filter(answered_at__isnull=False, registered_at__isnull=False)
    total = answered.count()
    if not total:
        return None
    durations = answered.annotate(took=_took()).order_by("took")
    middle = list(durations.values_list("took", flat=True)[(total - 1) // 2 : total // 2 + 1])
    seconds = sum(value.total_seconds() for value in middle) / len(middle)
    return round(seconds / 86400, 1)


def addressee_statistics(*, addressee: Addressee) -> dict:
    now = clock.now()
    addresses = Address.accepted().filter(addressee=addressee)
    [totals] = _with_medians([addresses.aggregate(**_counts(now))], lambda row: addresses)
    departments = _with_medians(
        list(
            addresses.values("department_id", "department__name")
            .annotate(**_counts(now))
            .order_by("department__name")
        ),
        lambda row: addresses.filter(department_id=row["department_id"]),
    )
    since = (now - timedelta(days=31 * (MONTHS - 1))).replace(day=1, hour=0, minute=0)

    def month_of(row: dict) -> QuerySet[Address]:
        next_month = (row["month"] + timedelta(days=32)).replace(day=1)
        return addresses.filter(received_at__gte=row["month"], received_at__lt=next_month)

    months = _with_medians(
        list(
            addresses.filter(received_at__gte=since)
            .annotate(month=TruncMonth("received_at"))
            .values("month")
            .annotate(**_counts(now))
            .order_by("month")
        ),
        month_of,
    )
    return {"totals": totals, "departments": departments, "months": months}


def platform_statistics() -> list[dict]:
    """One row per addressee that has addresses."""
    now = clock.now()
    return _with_medians(
        list(
            Address.accepted().values("addressee__slug", "addressee__name")
            .annotate(**_counts(now))
            .order_by("addressee__name")
        ),
        lambda row: Address.accepted().filter(addressee__slug=row["addressee__slug"]),
    )
