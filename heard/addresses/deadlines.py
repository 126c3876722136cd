"""Due dates: a term of N days ends at the end of the local calendar day N days after the day
the clock starts (Jan 31 + 30 days → Mar 2, or Mar 1 in a leap year). Pure functions."""

from datetime import datetime, time, timedelta

from django.utils import timezone


def due_after(start: datetime, days: int) -> datetime:
    local_day = timezone.localtime(start).date() + timedelta(days=days)
    end_of_day = datetime.combine(local_day, time(23, 59, 59))
    return timezone.make_aware(end_of_day, timezone.get_current_timezone())


def days_between(start: datetime, end: datetime) -> int:
    """Whole local calendar days from `start` to `end` (0 when on the same day)."""
    return (timezone.localtime(end).date() - timezone.localtime(start).date()).days
