"""The public counts of an appeal, kept by one batch job (STYLE rule 6).

Pages and the API read only `Appeal.signature_count` and `AppealRegionCount`. Nothing touches them
per signature: confirming, removing or invalidating a signature changes only its own row. The
counting job takes the rows whose `tallied` mark disagrees with their status, adds +1/-1 per
appeal and region, flips the marks, and writes the counts, all in one transaction per batch and
under one advisory lock, so each row is counted exactly once however often the job runs. The
reconciliation recounts from the marks and repairs whatever disagrees (and says what).
"""

import logging
import time
from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Min
from django.db.models.functions import Greatest

from heard.appeals.models import Appeal, AppealRegionCount
from heard.appeals.services import appeal_thresholds_record
from heard.core import clock
from heard.core.audit import audit_record
from heard.signatures.models import Signature, untallied

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key shared by the counting job and the reconciliation ("heard-count").
COUNT_LOCK = 0x6865617264


def _lock_taken() -> bool:
    """Take the counting lock for this transaction; False if another process holds it.

    SQLite (the embedded mode) runs every write transaction alone (`transaction_mode` IMMEDIATE),
    which is the same guarantee."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [COUNT_LOCK])
        return cursor.fetchone()[0]


def _apply(deltas: dict[int, Counter]) -> None:
    now = clock.now()
    for appeal_id, by_region in deltas.items():
        total = sum(by_region.values())
        for region_id, delta in by_region.items():
            if delta and not AppealRegionCount.objects.filter(
                appeal_id=appeal_id, region_id=region_id
            ).update(count=Greatest(F("count") + delta, 0)):
                AppealRegionCount.objects.create(
                    appeal_id=appeal_id, region_id=region_id, count=max(delta, 0)
                )
        AppealRegionCount.objects.filter(appeal_id=appeal_id, count=0).delete()
        Appeal.objects.filter(pk=appeal_id).update(
            signature_count=Greatest(F("signature_count") + total, 0), counted_at=now
        )
        count = Appeal.objects.values_list("signature_count", flat=True).get(pk=appeal_id)
        appeal_thresholds_record(appeal=Appeal(pk=appeal_id), count=count)


def _batch(*, limit: int, appeal_id: int | None = None) -> int:
    rows = Signature.objects.filter(untallied())
    if appeal_id is not None:
        rows = rows.filter(appeal_id=appeal_id)
    # Rows being confirmed right now are skipped, not waited for: the next batch takes them.
    rows = list(
        rows.select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", "appeal_id", "region_id", "tallied")[:limit]
    )
    deltas: dict[int, Counter] = defaultdict(Counter)
    adds, subtracts = [], []
    for pk, appeal, region, tallied in rows:
        (subtracts if tallied else adds).append(pk)
        deltas[appeal][region] += -1 if tallied else 1
    Signature.objects.filter(pk__in=adds).update(tallied=True)
    Signature.objects.filter(pk__in=subtracts).update(tallied=False)
    _apply(deltas)
    return len(rows)


def signatures_count_batch(*, limit: int | None = None) -> int | None:
    """Count one batch; None when another process holds the lock (it is counting already)."""
    with transaction.atomic():
        if not _lock_taken():
            return None
        return _batch(limit=limit or settings.HEARD_COUNT_BATCH)


def signatures_count(*, budget_seconds: float | None = None) -> int:
    """Count batches until none is left or the time budget is spent; returns rows counted."""
    budget = settings.HEARD_COUNT_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    limit = settings.HEARD_COUNT_BATCH
    counted = 0
    while True:
        done = signatures_count_batch(limit=limit)
        if done is None:
            return counted
        counted += done
        if done < limit or time.monotonic() > deadline:
            return counted


def counting_lag_seconds() -> float:
    """How long the oldest confirmation not yet in the public count has waited (0 if none)."""
    oldest = Signature.objects.filter(status__in=Signature.COUNTED, tallied=False).aggregate(
        oldest=Min("confirmed_at")
    )["oldest"]
    return max((clock.now() - oldest).total_seconds(), 0.0) if oldest else 0.0


@transaction.atomic
def appeal_counts_refresh(*, appeal_id: int) -> dict | None:
    """Bring one appeal's counts up to date and repair them if they disagree with the marks.

    Returns what was repaired ({"before": .., "after": ..}) or None if the counts were right."""
    if not _lock_taken():
        return None
    while _batch(limit=settings.HEARD_COUNT_BATCH, appeal_id=appeal_id):
        pass
    appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
    truth = dict(
        Signature.objects.filter(appeal_id=appeal_id, tallied=True)
        .values_list("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    stored = dict(
        AppealRegionCount.objects.filter(appeal_id=appeal_id).values_list("region_id", "count")
    )
    total = sum(truth.values())
    if stored == truth and appeal.signature_count == total:
        return None
    AppealRegionCount.objects.filter(appeal_id=appeal_id).delete()
    AppealRegionCount.objects.bulk_create(
        AppealRegionCount(appeal_id=appeal_id, region_id=region_id, count=count)
        for region_id, count in truth.items()
    )
    Appeal.objects.filter(pk=appeal_id).update(signature_count=total, counted_at=clock.now())
    repair = {"before": appeal.signature_count, "after": total}
    audit_record(subject=appeal, verb="count_repaired", data=repair)
    logger.warning("repaired the count of appeal %s: %s", appeal_id, repair)
    appeal_thresholds_record(appeal=appeal, count=total)
    return repair


def appeals_counts_reconcile() -> dict[int, dict]:
    """Recount every appeal that can still change; returns the repairs made, by appeal id."""
    ids = Appeal.objects.filter(status__in=Appeal.PUBLISHED + Appeal.SPONSORABLE).values_list(
        "pk", flat=True
    )
    repairs = {}
    for appeal_id in ids:
        repair = appeal_counts_refresh(appeal_id=appeal_id)
        if repair:
            repairs[appeal_id] = repair
    return repairs
