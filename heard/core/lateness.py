"""How late something is, in whole local calendar days, the way a person counts them: an
answer due by 12 November and given on 4 December is 22 days late, and stays so for ever."""

from datetime import datetime

from django.utils import timezone


def days_late(*, due: datetime | None, done: datetime | None, now: datetime) -> int | None:
    """Days past `due` of what was done at `done` (or, still undone, until `now`); None when it
    was (or still is) on time. Never less than 1 once late: late on the due day's last second
    is late."""
    if due is None:
        return None
    end = done or now
    if end <= due:
        return None
    days = (timezone.localtime(end).date() - timezone.localtime(due).date()).days
    return max(days, 1)


NEWLY_OVERDUE = "newly_overdue"
LONG_OVERDUE = "long_overdue"
TIERS = (NEWLY_OVERDUE, LONG_OVERDUE)


def tier(days: int | None, *, long_after: int) -> str:
    """"" (on time), NEWLY_OVERDUE, or LONG_OVERDUE once `long_after` days past due."""
    if not days:
        return ""
    return LONG_OVERDUE if days > long_after else NEWLY_OVERDUE
