"""Hourly reports of the IP hashes and e-mail domains signing each appeal most, for moderators."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count

from heard.core import clock
from heard.signatures.models import Signature, TrendReport

TOP = 10


def _top(rows, field: str) -> list[dict]:
    grouped = rows.exclude(**{field: ""}).values(field).annotate(n=Count("id")).order_by("-n")
    return [{"value": row[field], "count": row["n"]} for row in grouped[:TOP] if row["n"] > 1]


def trend_reports_make(*, hours: int = 1) -> int:
    """One report per appeal signed in the last full hour; running twice changes nothing."""
    end = clock.now().replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(hours=hours)
    recent = Signature.objects.filter(created_at__gte=start, created_at__lt=end)
    made = 0
    for appeal_id, total in (
        recent.values_list("appeal_id").annotate(n=Count("id")).values_list("appeal_id", "n")
    ):
        rows = recent.filter(appeal_id=appeal_id)
        try:
            with transaction.atomic():
                TrendReport.objects.create(
                    appeal_id=appeal_id,
                    period_start=start,
                    period_end=end,
                    signatures=total,
                    top_ips=_top(rows, "ip_digest"),
                    top_domains=_top(rows, "email_domain"),
                    created_at=clock.now(),
                )
                made += 1
        except IntegrityError:
            pass  # made already by an earlier run
    return made
