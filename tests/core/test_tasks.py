from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from heard.core.periodic import periodic_tasks
from heard.core.tasks import task_results_prune

pytestmark = pytest.mark.django_db


def task_result(*, status: str, finished_days_ago: int | None) -> DBTaskResult:
    now = timezone.now()
    finished = now - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="heard.signatures.tasks.signatures_count",
        backend_name="default",
        run_after=now,
        finished_at=finished,
    )


def test_old_finished_task_results_are_pruned_and_recent_or_waiting_ones_kept(settings):
    settings.HEARD_TASK_RESULTS_KEEP_DAYS = 14
    old_success = task_result(status="SUCCESSFUL", finished_days_ago=20)
    old_failure = task_result(status="FAILED", finished_days_ago=15)
    recent = task_result(status="SUCCESSFUL", finished_days_ago=2)
    waiting = task_result(status="READY", finished_days_ago=None)

    deleted = task_results_prune.call()

    assert deleted == 2
    kept = set(DBTaskResult.objects.values_list("id", flat=True))
    assert kept == {recent.id, waiting.id}
    assert old_success.id not in kept and old_failure.id not in kept


def test_pruning_is_scheduled_by_the_worker():
    assert task_results_prune in [task for task, _interval in periodic_tasks()]
