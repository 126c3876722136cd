import logging
import os
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import Error as DatabaseError
from django.db import connections

from heard.core.periodic import run_scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the task worker (django-tasks-db) and enqueue the periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--no-periodic", action="store_true", help="Only run queued tasks.")
        parser.add_argument("--interval", type=float, default=0.5, help="Polling interval, s.")
        parser.add_argument(
            "--nice",
            type=int,
            default=None,
            help="OS niceness to run at (default HEARD_WORKER_NICE); never lowered.",
        )

    def handle(self, *args, **options):
        nice = options["nice"]
        worker_nice_raise(settings.HEARD_WORKER_NICE if nice is None else nice)
        stop = threading.Event()
        if not options["no_periodic"]:
            threading.Thread(target=run_scheduler, args=(stop,), daemon=True).start()
        try:
            while True:
                try:
                    call_command("db_worker", interval=options["interval"])
                    return  # stopped by a signal
                except DatabaseError:
                    # The database restarted or went away: wait for it instead of dying, so the
                    # counting and mailing threads keep working once it is back.
                    logger.warning("database unavailable; the task worker retries in 2 s")
                    connections.close_all()
                    time.sleep(2)
        finally:
            stop.set()


def worker_nice_raise(nice: int) -> int:
    """Raise this process's niceness to `nice` (lowering it would need privileges and undo an
    operator's `nice -n`); called before any thread starts, since on Linux each thread has its
    own niceness and new threads take their creator's. Returns the niceness in force."""
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if nice > current:
        os.setpriority(os.PRIO_PROCESS, 0, min(nice, 19))
    return os.getpriority(os.PRIO_PROCESS, 0)
