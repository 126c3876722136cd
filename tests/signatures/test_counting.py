import pytest

from heard.appeals.models import Appeal, AppealRegionCount
from heard.signatures import counting
from tests import factories

pytestmark = pytest.mark.django_db


def region_counts(appeal: Appeal) -> dict[str, int]:
    return dict(
        AppealRegionCount.objects.filter(appeal=appeal).values_list("region__code", "count")
    )


@pytest.fixture
def signed_appeal():
    appeal = factories.appeal_in(Appeal.Status.OPEN, to=factories.addressee(response_threshold=50))
    factories.sign(appeal, region=factories.region("SPE"))
    return appeal


def test_refresh_is_idempotent(signed_appeal):
    first = counting.appeal_counts_refresh(appeal_id=signed_appeal.pk)
    regions = region_counts(signed_appeal)

    second = counting.appeal_counts_refresh(appeal_id=signed_appeal.pk)

    assert first == second == 4
    assert region_counts(signed_appeal) == regions == {"MOW": 3, "SPE": 1}
    assert Appeal.objects.get(pk=signed_appeal.pk).signature_count == 4


def test_reconcile_repairs_a_tampered_count(signed_appeal):
    Appeal.objects.filter(pk=signed_appeal.pk).update(signature_count=999)
    AppealRegionCount.objects.filter(appeal=signed_appeal, region__code="MOW").update(count=77)
    AppealRegionCount.objects.create(
        appeal=signed_appeal, region=factories.region("NVS"), count=5
    )

    counting.appeals_counts_reconcile()

    assert Appeal.objects.get(pk=signed_appeal.pk).signature_count == 4
    assert region_counts(signed_appeal) == {"MOW": 3, "SPE": 1}


def test_reconcile_leaves_finished_appeals_alone():
    withdrawn = factories.appeal_in(Appeal.Status.WITHDRAWN)
    Appeal.objects.filter(pk=withdrawn.pk).update(signature_count=42)

    counting.appeals_counts_reconcile()

    assert Appeal.objects.get(pk=withdrawn.pk).signature_count == 42
