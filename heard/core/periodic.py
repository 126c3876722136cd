"""Periodic jobs run by `heard worker`.

Two kinds: the frequent batch jobs (counting signatures, mailing confirmation links, draining the
e-mail outbox) run every couple of seconds in their own threads here, without a task row per run;
the rest are tasks that the scheduler enqueues at their interval for the task worker to run.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def periodic_tasks():
    from heard.addresses.tasks import (
        addresses_hold_unconfirmed,
        addresses_overdue_notify,
        addresses_register_received,
        addresses_verdict_remind,
    )
    from heard.appeals.elsewhere_tasks import elsewhere_imports_purge
    from heard.appeals.tasks import (
        appeals_close_expired,
        appeals_moderation_late_notify,
        appeals_overdue_notify,
    )
    from heard.attachments.tasks import address_attachments_expire
    from heard.core.tasks import (
        idempotent_responses_purge,
        limit_counts_purge,
        outbox_mails_prune,
        task_results_prune,
    )
    from heard.follows.tasks import follows_digest_send, follows_unconfirmed_purge
    from heard.opendata.tasks import opendata_dumps_build
    from heard.signatures.tasks import (
        appeals_counts_reconcile,
        signatures_anonymise_expired,
        trend_reports_make,
    )
    from heard.triage.tasks import triage_arrivals_join, triage_routers_retrain

    interval = settings.HEARD_PERIODIC_SECONDS
    return [
        (appeals_close_expired, interval),
        (appeals_overdue_notify, interval * 10),
        (appeals_moderation_late_notify, interval * 60),
        (appeals_counts_reconcile, interval * 5),
        (addresses_register_received, interval),
        (triage_arrivals_join, interval),
        (triage_routers_retrain, settings.HEARD_ROUTER_RETRAIN_SECONDS),
        (trend_reports_make, interval * 10),
        (signatures_anonymise_expired, interval * 60),
        (task_results_prune, interval * 60),
        (outbox_mails_prune, interval * 60),
        (addresses_hold_unconfirmed, interval * 10),
        (addresses_overdue_notify, interval * 10),
        (addresses_verdict_remind, interval * 60),
        (limit_counts_purge, interval * 60),
        (idempotent_responses_purge, interval * 60),
        (follows_digest_send, interval * 10),
        (follows_unconfirmed_purge, interval * 60),
        (address_attachments_expire, interval * 60),
        (elsewhere_imports_purge, interval * 60),
        # Checked hourly, built once a day (site time): a restarted worker does not rebuild.
        (opendata_dumps_build, interval * 60),
    ]


def frequent_jobs():
    """(name, function, interval): each function is safe to run concurrently with itself."""
    from heard.core.outbox import outbox_mails_send
    from heard.signatures.counting import signatures_count
    from heard.signatures.outbox import signature_links_send

    interval = settings.HEARD_COUNT_INTERVAL_SECONDS
    return [
        ("signatures_count", signatures_count, interval),
        ("signature_links_send", signature_links_send, interval),
        ("outbox_mails_send", outbox_mails_send, interval),
    ]


def run_every(function, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        started = time.monotonic()
        try:
            function()
        except Exception:  # the next run tries again; the error is logged
            logger.exception("periodic job %s failed", getattr(function, "__name__", function))
        finally:
            close_old_connections()
        stop.wait(max(interval - (time.monotonic() - started), 0.05))


def start_frequent_jobs(stop: threading.Event) -> list[threading.Thread]:
    threads = []
    for name, function, interval in frequent_jobs():
        thread = threading.Thread(
            target=run_every, args=(function, interval, stop), name=name, daemon=True
        )
        thread.start()
        threads.append(thread)
    return threads


def run_scheduler(stop: threading.Event) -> None:
    start_frequent_jobs(stop)
    due: dict[str, float] = {}
    while not stop.is_set():
        now = time.monotonic()
        for task, interval in periodic_tasks():
            name = task.name
            if due.get(name, 0) <= now:
                try:
                    task.enqueue()
                except Exception:  # keep scheduling the others; the error is logged
                    logger.exception("could not enqueue %s", name)
                due[name] = now + interval
        close_old_connections()
        stop.wait(1.0)
