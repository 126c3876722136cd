from django.core.management.base import BaseCommand

from heard.opendata import dumps


class Command(BaseCommand):
    help = "Build the open-data dumps (CSV and JSON Lines) now, into HEARD_OPENDATA_DIR."

    def handle(self, *args, **options):
        built = dumps.opendata_dumps_build()
        for name, entry in built["datasets"].items():
            self.stdout.write(f"{name}: {entry['rows']} rows")
        self.stdout.write(f"written to {dumps.dumps_dir()}")
