"""`heard addresses import FILE.jsonl[.gz] --campaign SLUG` (heard.addresses.importing)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from heard.addresses.importing import BATCH, ImportFailed, addresses_import
from heard.addresses.models import Address, Campaign


class Command(BaseCommand):
    help = _("Addresses from the command line: import an intake system's file into a campaign.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("import", help=_(
            "Register the addresses of FILE.jsonl[.gz] (one JSON object a line, \"text\" "
            "required) into a campaign; a rerun continues where an interrupted one stopped."))
        run.add_argument("file", help=_("JSONL or JSONL.gz, one address a line"))
        run.add_argument("--campaign", required=True, help=_("short name of the campaign"))
        run.add_argument("--channel", default=Address.Channel.WEB,
                         choices=Address.Channel.values,
                         help=_("channel of lines that name none"))
        run.add_argument("--batch", type=int, default=BATCH,
                         help=_("lines per transaction"))
        run.add_argument("--max-errors", type=int, default=0, help=_(
            "bad lines to report and skip before stopping (default 0: stop at the first)"))
        run.add_argument("--quiet", action="store_true", help=_("no progress bar"))

    def handle(self, *args, **options):
        campaign = Campaign.objects.select_related("addressee").filter(
            slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(_("No campaign with the short name %(slug)s.") % {
                "slug": options["campaign"]})
        stream = self.stderr._out
        try:
            summary = addresses_import(
                options["file"], campaign=campaign, channel=options["channel"],
                batch_size=max(1, options["batch"]), max_errors=max(0, options["max_errors"]),
                progress=not options["quiet"] and stream.isatty(), stream=stream,
            )
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        for error in summary.errors:
            self.stderr.write(f"{options['file']}, {error}")
        self.stdout.write(_(
            "%(stored)d addresses registered into %(campaign)s, %(already)d lines imported "
            "before and skipped, %(errors)d bad lines, in %(seconds).1f s."
        ) % {"stored": summary.stored, "campaign": campaign.slug, "already": summary.already,
             "errors": len(summary.errors), "seconds": summary.seconds})
        if summary.stopped_at is not None:
            raise CommandError(_(
                "Stopped at line %(line)d: more bad lines than --max-errors allows. The lines "
                "before its batch are stored; fix the file and run the same command again to "
                "continue (lines already stored are skipped)."
            ) % {"line": summary.stopped_at})
