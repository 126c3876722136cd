"""Public statistics per addressee and department: aggregate queries only, no personal data."""

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from heard.addresses.models import Address
from heard.core import clock
from heard.offices.models import Addressee

MONTHS = 12


def _counts(now) -> dict:
    answered = Q(answered_at__isnull=False)
    return {
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
    durations = answered.annotate(
        took=ExpressionWrapper(F("answered_at") - F("registered_at"), output_field=DurationField())
    ).order_by("took")
    middle = list(durations.values_list("took", flat=True)[(total - 1) // 2 : total // 2 + 1])
    seconds = sum(value.total_seconds() for value in middle) / len(middle)
    return round(seconds / 86400, 1)


def addressee_statistics(*, addressee: Addressee) -> dict:
    now = clock.now()
    addresses = Address.objects.filter(addressee=addressee)
    totals = addresses.aggregate(**_counts(now))
    totals["median_days"] = median_days_to_answer(addresses)
    departments = list(
        addresses.values("department_id", "department__name")
        .annotate(**_counts(now))
        .order_by("department__name")
    )
    for row in departments:
        row["median_days"] = median_days_to_answer(
            addresses.filter(department_id=row["department_id"])
        )
    since = (now - timedelta(days=31 * (MONTHS - 1))).replace(day=1, hour=0, minute=0)
    months = list(
        addresses.filter(received_at__gte=since)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(**_counts(now))
        .order_by("month")
    )
    for row in months:
        month_start = row["month"]
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        row["median_days"] = median_days_to_answer(
            addresses.filter(received_at__gte=month_start, received_at__lt=next_month)
        )
    return {"totals": totals, "departments": departments, "months": months}


def platform_statistics() -> list[dict]:
    """One row per addressee that has addresses."""
    now = clock.now()
    return list(
        Address.objects.values("addressee__slug", "addressee__name")
        .annotate(**_counts(now))
        .order_by("addressee__name")
    )
