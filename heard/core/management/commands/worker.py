import logging
import threading
import time

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

    def handle(self, *args, **options):
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
