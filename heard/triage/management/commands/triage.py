from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from heard.triage.cli import run
from heard.triage.lib.io import InputError


class Command(BaseCommand):
    help = _("Triage addresses from a JSONL file: duplicate groups, topic clusters, routes.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        run_parser = actions.add_parser("run", help=_("Triage INPUT.jsonl[.gz] into --out DIR."))
        run_parser.add_argument("input", help=_("JSONL or JSONL.gz, one address a line"))
        run_parser.add_argument("--out", required=True, help=_("directory for the results"))
        run_parser.add_argument(
            "--history", help=_("routed addresses (JSONL[.gz] with \"department\") to learn from")
        )
        run_parser.add_argument(
            "--rules", help=_("JSON list of {category, region, department} rules that win")
        )
        run_parser.add_argument("--threshold", type=float, default=0.6,
                                help=_("similarity for near-duplicates, 0 to 1"))
        run_parser.add_argument("--clusters", type=int, help=_("number of topic clusters"))
        run_parser.add_argument(
            "--encoder", choices=["auto", "on", "off"], default="auto",
            help=_("add the multilingual sentence encoder to clustering (auto: small inputs only)"),
        )
        run_parser.add_argument("--quiet", action="store_true", help=_("no progress bars"))

    def handle(self, *args, **options):
        try:
            summary = run(
                options["input"], out=options["out"], history_path=options["history"],
                rules_path=options["rules"], threshold=options["threshold"],
                clusters=options["clusters"], quiet=options["quiet"],
                encoder={"auto": None, "on": True, "off": False}[options["encoder"]],
                stream=self.stderr._out,
            )
        except InputError as error:
            raise CommandError(str(error)) from None
        if not options["quiet"]:
            self.stdout.write(_(
                "%(addresses)d addresses: %(groups)d duplicate groups, %(clusters)d clusters, "
                "%(routed)d routed in %(seconds).1f s; results in %(out)s"
            ) % {
                "addresses": summary["addresses"], "groups": summary["duplicate_groups"],
                "clusters": summary["clusters"], "routed": summary["routed"],
                "seconds": summary["seconds"], "out": options["out"],
            })
