"""`heard telegram_import EXPORT.json --addressee SLUG [--post ID ...]`: register an appeal made
on Telegram from a channel's export (decision 0547). Without --post it lists the posts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from heard.appeals.elsewhere import appeal_register_elsewhere, elsewhere_draft
from heard.appeals.elsewhere_telegram import ExportError, export_read, username_check
from heard.core import clock
from heard.offices.models import Addressee


class Command(BaseCommand):
    help = "Register an appeal made on Telegram from a Telegram Desktop JSON export."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="result.json of the channel's export")
        parser.add_argument("--addressee", required=True, help="the addressee's slug")
        parser.add_argument("--post", type=int, action="append", default=[], dest="posts")
        parser.add_argument("--username", default="", help="the channel's public @username")
        parser.add_argument("--title", default="")
        parser.add_argument("--demand", action="append", default=[], dest="demands")
        parser.add_argument("--group", default="", help="who made the appeal (default: channel)")

    def handle(self, *args, **options):
        addressee = Addressee.objects.filter(slug=options["addressee"]).first()
        if addressee is None:
            raise CommandError(f"--addressee: no addressee {options['addressee']!r}.")
        try:
            raw = options["export"].read_bytes()
        except OSError as error:
            raise CommandError(f"{options['export']}: {error.strerror}.") from None
        try:
            username = username_check(options["username"])
            channel = export_read(raw, zone=timezone.get_current_timezone(), now=clock.now())
            if not options["posts"]:
                return self._list(channel)
            draft = elsewhere_draft(
                channel=channel,
                post_ids=options["posts"],
                username=username,
                title=options["title"],
                demands=options["demands"],
                group_name=options["group"],
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        appeal = appeal_register_elsewhere(
            channel=channel, draft=draft, addressee=addressee, username=username
        )
        posts = ", ".join(str(post.id) for post in draft.posts)
        self.stdout.write(
            f"Registered appeal {appeal.pk} ({appeal.get_status_display()}) from posts {posts}: "
            f"{appeal.title}"
        )

    def _list(self, channel) -> None:
        self.stdout.write(f"{channel.name} ({channel.kind}, id {channel.id}); choose with --post:")
        for post in channel.posts:
            if not post.is_post:
                continue
            first = (post.text.splitlines() or [""])[0][:70]
            media = f" [{', '.join(m.media_type for m in post.media)}]" if post.media else ""
            self.stdout.write(f"{post.id:>8}  {post.published_at:%Y-%m-%d %H:%M}  {first}{media}")
