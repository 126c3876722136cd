"""The public counts of an appeal: recomputed from confirmed signatures in one pass.

Pages and the API read only `Appeal.signature_count` and `AppealRegionCount`; nothing updates
them per signature (STYLE rule 6). The refresh is idempotent, so running it twice, late, or from
a periodic reconciliation gives the same result.
"""

from django.db import transaction
from django.db.models import Count

from heard.appeals.models import Appeal, AppealRegionCount
from heard.appeals.services import appeal_thresholds_record
from heard.core import clock
from heard.signatures.models import Signature


@transaction.atomic
def appeal_counts_refresh(*, appeal_id: int) -> int:
    appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
    by_region = dict(
        Signature.objects.filter(appeal_id=appeal_id, status__in=Signature.COUNTED)
        .values_list("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    total = sum(by_region.values())
    existing = {rc.region_id: rc for rc in AppealRegionCount.objects.filter(appeal_id=appeal_id)}
    changed = []
    for region_id, count in by_region.items():
        row = existing.pop(region_id, None)
        if row is None:
            AppealRegionCount.objects.create(appeal_id=appeal_id, region_id=region_id, count=count)
        elif row.count != count:
            row.count = count
            changed.append(row)
    AppealRegionCount.objects.bulk_update(changed, ["count"])
    AppealRegionCount.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    Appeal.objects.filter(pk=appeal_id).update(signature_count=total, counted_at=clock.now())
    appeal_thresholds_record(appeal=appeal, count=total)
    return total


def appeals_counts_reconcile() -> int:
    """Recount every appeal that can still change (the periodic safety net)."""
    ids = Appeal.objects.filter(status__in=Appeal.PUBLISHED + Appeal.SPONSORABLE).values_list(
        "pk", flat=True
    )
    for appeal_id in ids:
        appeal_counts_refresh(appeal_id=appeal_id)
    return len(ids)
