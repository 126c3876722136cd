"""Issue or revoke an API key for the addresses API and Open311; the key is printed once."""

from django.core.management.base import BaseCommand, CommandError

from heard.addresses import services
from heard.addresses.models import ApiKey, Organisation
from heard.core.errors import DomainError
from heard.offices.models import Addressee


class Command(BaseCommand):
    help = "Issue an API key for an addressee or an intermediary organisation, or revoke one."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="API key")
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--addressee", help="slug of the addressee")
        owner.add_argument("--organisation", help="slug of the organisation")
        owner.add_argument("--revoke", help="prefix of the key to revoke")

    def handle(self, *args, **options):
        try:
            if options["revoke"]:
                key = ApiKey.objects.filter(prefix=options["revoke"]).first()
                if key is None:
                    raise CommandError("No key with this prefix.")
                services.api_key_revoke(key=key)
                self.stdout.write(f"Revoked {key}.")
                return
            addressee = organisation = None
            if options["addressee"]:
                addressee = Addressee.objects.filter(slug=options["addressee"]).first()
                if addressee is None:
                    raise CommandError("No addressee with this slug.")
            else:
                organisation = Organisation.objects.filter(slug=options["organisation"]).first()
                if organisation is None:
                    raise CommandError("No organisation with this slug.")
            _key, raw = services.api_key_issue(
                name=options["name"], addressee=addressee, organisation=organisation
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(raw)
        self.stderr.write("Keep this key now: only its hash is stored.")
