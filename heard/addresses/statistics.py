"""Public statistics per addressee and department: aggregate queries only, no personal data."""

import csv
import math
from datetime import timedelta

from django.conf import settings
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

from heard.addresses.models import Address, Verdict
from heard.core import clock
from heard.core.rates import rate
from heard.offices.models import Addressee

MONTHS = 12


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, halfway between the two middle values
    when there is an even number of them, in the same grouped query as the counts."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


class Percentile90(Median):
    """percentile_cont(0.9): nine answers in ten took at most this long."""

    template = "%(function)s(0.9) WITHIN GROUP (ORDER BY %(expressions)s)"


def _took():
    return ExpressionWrapper(F("answered_at") - F("registered_at"), output_field=DurationField())


def _days(duration) -> float | None:
    return round(duration.total_seconds() / 86400, 1) if duration is not None else None


def _with_medians(rows: list[dict], group_of) -> list[dict]:
    """Each row's median and 90th percentile of days to answer (from the grouped query on
    PostgreSQL, else — SQLite has no percentile_cont — by indexed-offset reads per row), and its
    share answered on time with its 95% interval, shown from HEARD_STATS_MIN_COUNT answers."""
    for row in rows:
        if "median" in row:
            row["median_days"] = _days(row.pop("median"))
            row["p90_days"] = _days(row.pop("p90"))
        else:
            row["median_days"], row["p90_days"] = percentiles_days_to_answer(
                group_of(row), (0.5, 0.9)
            )
        answered = row["answered_on_time"] + row["answered_late"]
        row["on_time"] = rate(
            row["answered_on_time"], answered, minimum=settings.HEARD_STATS_MIN_COUNT
        )
        verdicts = sum(row[f"verdict_{value}"] for value in Verdict.values)
        helped = row["verdict_resolved"] + row["verdict_explained"]
        row["verdicts"] = verdicts
        row["helped"] = rate(helped, verdicts, minimum=settings.HEARD_STATS_MIN_COUNT)
    return rows


def _counts(now) -> dict:
    answered = Q(answered_at__isnull=False)
    median = {}
    if connection.vendor == "postgresql":
        took = Q(answered_at__isnull=False, registered_at__isnull=False)
        median = {
            "median": Median(_took(), filter=took),
            "p90": Percentile90(_took(), filter=took),
        }
    return median | {
        "received": Count("pk"),
        "answered_on_time": Count("pk", filter=answered & Q(answered_at__lte=F("answer_due_at"))),
        "answered_late": Count("pk", filter=answered & Q(answered_at__gt=F("answer_due_at"))),
        "overdue_now": Count("pk", filter=Q(status__in=Address.IN_PROGRESS, answer_due_at__lt=now)),
        "in_progress": Count("pk", filter=Q(status__in=Address.OPEN)),
        **{f"verdict_{value}": Count("pk", filter=Q(verdict=value)) for value in Verdict.values},
    }


def percentiles_days_to_answer(
    addresses: QuerySet[Address], fractions: tuple[float, ...]
) -> tuple[float | None, ...]:
    """percentile_cont of (answered − registered) in days, for each fraction: one count, then
    the two values around each fraction's position, read by offset instead of loading the rows,
    and interpolated between."""
    answered = addresses.filter(answered_at__isnull=False, registered_at__isnull=False)
    total = answered.count()
    if not total:
        return tuple(None for _ in fractions)
    durations = answered.annotate(took=_took()).order_by("took").values_list("took", flat=True)
    found = []
    for fraction in fractions:
        position = fraction * (total - 1)
        below = math.floor(position)
        around = [value.total_seconds() for value in durations[below : below + 2]]
        upper = around[1] if len(around) > 1 else around[0]
        seconds = around[0] + (upper - around[0]) * (position - below)
        found.append(round(seconds / 86400, 1))
    return tuple(found)


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


CSV_COLUMNS = (
    "received",
    "answered_on_time",
    "answered_late",
    "overdue_now",
    "in_progress",
    "median_days",
    "p90_days",
    "verdict_resolved",
    "verdict_explained",
    "verdict_not_resolved",
    "verdict_no_real_answer",
)


def statistics_csv_write(out, figures: dict) -> None:
    """Write `addressee_statistics` as CSV rows: scope, name, counts, days, on-time share and
    its interval (empty below the minimum count)."""
    writer = csv.writer(out)
    writer.writerow(["scope", "name", *CSV_COLUMNS, "on_time_share", "on_time_low", "on_time_high"])
    rows = [("total", "", figures["totals"])]
    rows += [("department", row["department__name"] or "", row) for row in figures["departments"]]
    rows += [("month", row["month"].strftime("%Y-%m"), row) for row in figures["months"]]
    for scope, name, row in rows:
        on_time = row["on_time"]
        shares = [on_time.share, on_time.low, on_time.high] if on_time.shown else ["", "", ""]
        writer.writerow(
            [
                scope,
                _csv_safe(name),
                *("" if row[column] is None else row[column] for column in CSV_COLUMNS),
                *(f"{value:.4f}" if value != "" else "" for value in shares),
            ]
        )


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with these as formulas."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
