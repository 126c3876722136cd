"""Housekeeping tasks of the platform itself."""

from datetime import timedelta

from django.conf import settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from heard.core import clock


@task()
def task_results_prune() -> int:
    """Delete finished task results older than HEARD_TASK_RESULTS_KEEP_DAYS: the queue table keeps
    a fortnight of history for whoever debugs a job, and does not grow for ever. Unfinished tasks
    are never touched. Returns how many results were deleted."""
    cutoff = clock.now() - timedelta(days=settings.HEARD_TASK_RESULTS_KEEP_DAYS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted
