from django.core.management.base import BaseCommand

from heard.demo.appeals import DEMO_PASSWORD, appeal_demo_load


class Command(BaseCommand):
    help = "Load the demo data (once; running it again changes nothing) and print the logins."

    def handle(self, *args, **options):
        appeal_demo_load(stdout=self.stdout)
        try:
            from heard.addresses.demo import address_demo_load
        except ImportError:
            address_demo_load = None
        if address_demo_load is not None:
            address_demo_load(stdout=self.stdout)
            from heard.triage.demo import triage_demo_load

            triage_demo_load(stdout=self.stdout)
            from heard.addresses.demo_accountability import accountability_demo_load

            accountability_demo_load(stdout=self.stdout)
        from heard.demo.verified import identity_demo_load

        identity_demo_load(stdout=self.stdout)
        # The open-data files of what was just loaded (the worker rebuilds them daily).
        from heard.opendata.dumps import dumps_dir, opendata_dumps_build

        opendata_dumps_build()
        self.stdout.write(f"Open-data dumps written to {dumps_dir()}\n")
        self.stdout.write(
            f"\nDemo staff logins (password for all: {DEMO_PASSWORD}) at http://127.0.0.1:8000/staff/login/\n"
            "  admin             administrator (Django admin: addressees, departments, roles)\n"
            "  moderator         moderation queue at /staff/moderation/\n"
            "  president-office  responder for the President\n"
            "  defence-office    responder for the Ministry of Defence\n"
        )
