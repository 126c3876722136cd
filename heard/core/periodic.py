"""Periodic jobs: `heard worker` enqueues each at its interval; the jobs themselves are tasks."""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def periodic_tasks():
    from heard.addresses.tasks import addresses_register_received
    from heard.appeals.tasks import appeals_close_expired
    from heard.signatures.tasks import appeals_counts_reconcile

    interval = settings.HEARD_PERIODIC_SECONDS
    return [
        (appeals_close_expired, interval),
        (appeals_counts_reconcile, interval * 5),
        (addresses_register_received, interval),
    ]


def run_scheduler(stop: threading.Event) -> None:
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
