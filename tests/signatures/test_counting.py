"""The batched counter: exact, idempotent, bounded lag, thresholds from batches, repairs."""

from datetime import timedelta

import pytest

from heard.appeals.models import Appeal, AppealRegionCount
from heard.core.audit import audit_events_for
from heard.core.periodic import frequent_jobs
from heard.signatures import counting, services
from heard.signatures.models import Signature
from tests import factories

pytestmark = pytest.mark.django_db


def region_counts(appeal: Appeal) -> dict[str, int]:
    return dict(
        AppealRegionCount.objects.filter(appeal=appeal).values_list("region__code", "count")
    )


def count(appeal: Appeal) -> int:
    return Appeal.objects.get(pk=appeal.pk).signature_count


@pytest.fixture
def signed_appeal():
    appeal = factories.appeal_in(Appeal.Status.OPEN, to=factories.addressee(response_threshold=50))
    factories.sign(appeal, region=factories.region("SPE"))
    return appeal


@pytest.fixture
def batched(settings):
    """Counts move only when the job runs, as in production."""
    settings.HEARD_NUDGE_JOBS = False


def test_confirmations_wait_for_the_batch_and_then_count_exactly(signed_appeal, batched):
    before = count(signed_appeal)
    for number in range(7):
        region = factories.region("NVS" if number % 2 else "SPE")
        factories.sign(signed_appeal, region=region)
    factories.sign(signed_appeal, confirm=False)
    assert count(signed_appeal) == before

    counted = counting.signatures_count()

    assert counted == 7
    assert count(signed_appeal) == before + 7
    assert region_counts(signed_appeal) == {"MOW": 3, "SPE": 5, "NVS": 3}


def test_running_the_batch_again_changes_nothing(signed_appeal, batched):
    factories.sign(signed_appeal)
    counting.signatures_count()
    after = (count(signed_appeal), region_counts(signed_appeal))

    assert counting.signatures_count() == 0
    assert counting.signatures_count_batch() == 0
    assert (count(signed_appeal), region_counts(signed_appeal)) == after


def test_batches_smaller_than_the_backlog_still_count_every_row_once(
    signed_appeal, batched, settings
):
    settings.HEARD_COUNT_BATCH = 3
    before = count(signed_appeal)
    for _ in range(8):
        factories.sign(signed_appeal)

    assert counting.signatures_count_batch() == 3
    assert count(signed_appeal) == before + 3
    counting.signatures_count()

    assert count(signed_appeal) == before + 8


def test_lag_is_how_long_the_oldest_uncounted_confirmation_waited(
    signed_appeal, batched, move_time
):
    assert counting.counting_lag_seconds() == 0
    factories.sign(signed_appeal)
    move_time(timedelta(seconds=4))

    assert counting.counting_lag_seconds() == pytest.approx(4, abs=0.5)
    counting.signatures_count()
    assert counting.counting_lag_seconds() == 0


def test_the_worker_runs_the_counter_often_enough_to_keep_lag_under_ten_seconds(settings):
    jobs = {name: interval for name, _function, interval in frequent_jobs()}

    # One run drains the backlog within its budget, so the lag is about interval + budget.
    assert jobs["signatures_count"] + settings.HEARD_COUNT_BUDGET_SECONDS < 10


def test_a_threshold_is_crossed_by_a_batch(batched):
    appeal = factories.appeal_in(
        Appeal.Status.OPEN, to=factories.addressee(response_threshold=6, consideration_threshold=9)
    )
    for _ in range(3):
        factories.sign(appeal)
    assert Appeal.objects.get(pk=appeal.pk).response_threshold_reached_at is None

    counting.signatures_count()

    appeal.refresh_from_db()
    assert appeal.signature_count == 6
    assert appeal.response_threshold_reached_at is not None
    assert appeal.consideration_threshold_reached_at is None
    assert audit_events_for(subject=appeal).filter(verb="response_threshold_reached").count() == 1


def test_a_removed_signature_stops_counting_with_the_next_batch(signed_appeal, batched):
    signature = factories.sign(signed_appeal)
    counting.signatures_count()
    before = count(signed_appeal)

    services.signature_remove(signature=signature)
    assert count(signed_appeal) == before
    counting.signatures_count()

    assert count(signed_appeal) == before - 1
    assert not Signature.objects.get(pk=signature.pk).tallied


def test_reconcile_repairs_a_tampered_count_and_says_what_it_repaired(signed_appeal):
    Appeal.objects.filter(pk=signed_appeal.pk).update(signature_count=999)
    AppealRegionCount.objects.filter(appeal=signed_appeal, region__code="MOW").update(count=77)
    AppealRegionCount.objects.create(appeal=signed_appeal, region=factories.region("NVS"), count=5)

    repairs = counting.appeals_counts_reconcile()

    assert repairs == {signed_appeal.pk: {"before": 999, "after": 4}}
    assert count(signed_appeal) == 4
    assert region_counts(signed_appeal) == {"MOW": 3, "SPE": 1}
    assert audit_events_for(subject=signed_appeal).filter(verb="count_repaired").exists()


def test_reconcile_counts_a_backlog_without_calling_it_a_repair(signed_appeal, batched):
    factories.sign(signed_appeal)

    assert counting.appeals_counts_reconcile() == {}
    assert count(signed_appeal) == 5


def test_reconcile_leaves_finished_appeals_alone():
    withdrawn = factories.appeal_in(Appeal.Status.WITHDRAWN)
    Appeal.objects.filter(pk=withdrawn.pk).update(signature_count=42)

    counting.appeals_counts_reconcile()

    assert Appeal.objects.get(pk=withdrawn.pk).signature_count == 42
