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
    are never touched. Returns how many results were deleted.

    The same query as django-tasks-db's `prune_db_task_results` command, which cannot be called
    here: it refuses to run unless the default task backend is the database one (not so in
    tests), and it reports by logging rather than returning a count."""
    cutoff = clock.now() - timedelta(days=settings.HEARD_TASK_RESULTS_KEEP_DAYS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted


@task()
def outbox_mails_send() -> int:
    """The drain of the e-mail outbox; also run every couple of seconds by `heard worker`."""
    from heard.core import outbox

    return outbox.outbox_mails_send()


@task()
def outbox_mails_prune() -> int:
    from heard.core import outbox

    return outbox.outbox_mails_prune()


@task()
def limit_counts_purge() -> int:
    """Delete the counters of ended limit windows (core/limits.py)."""
    from heard.core.limits import limit_counts_purge as purge

    return purge()


@task()
def idempotent_responses_purge() -> int:
    """Forget the stored answers to API writes older than HEARD_IDEMPOTENCY_HOURS."""
    from heard.core.idempotency import idempotent_responses_purge as purge

    return purge()
