import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from heard.core.periodic import run_scheduler


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
            call_command("db_worker", interval=options["interval"])
        finally:
            stop.set()
