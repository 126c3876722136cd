"""Registering an appeal made elsewhere (decision 0547): posts of a Telegram channel become a
collective appeal on heard with its provenance. The appeal enters moderation like any other: the
staff member who registers it stands for the initiator's confirmation and for the sponsors (the
channel's public already saw it), and a moderator publishes or rejects it in the usual queue."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from heard.appeals import services
from heard.appeals.elsewhere_models import ElsewhereImport, ElsewhereMedia, ElsewhereProvenance
from heard.appeals.elsewhere_telegram import (
    Channel,
    ExportError,
    Post,
    channel_dump,
    channel_load,
    post_link,
)
from heard.appeals.forms import MAX_DEMAND_LENGTH, MAX_DEMANDS
from heard.appeals.models import Appeal
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import PermissionDenied
from heard.offices import rules
from heard.offices.models import Addressee

MAX_TEXT = 20_000
MAX_TITLE = 150
# "1. ...", "2) ...", "- ...", "• ...", "— ..." at the start of a line: a demand.
DEMAND_LINE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*—–])\s+(?P<demand>\S.*)$")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _plain(line: str) -> str:
    """A line of the Markdown the parser wrote, as plain words (for a title or a demand)."""
    return " ".join(MARKDOWN_LINK.sub(r"\1", line).replace("\\#", "#").split())


@dataclass(frozen=True)
class ElsewhereDraft:
    """What registering these posts would store, for the preview and the register step."""

    posts: tuple[Post, ...]
    title: str
    demands: tuple[str, ...]
    text: str
    group_name: str
    link: str


def elsewhere_draft(
    *,
    channel: Channel,
    post_ids: list[int],
    username: str = "",
    title: str = "",
    demands: list[str] | None = None,
    group_name: str = "",
) -> ElsewhereDraft:
    """The chosen posts (and the rest of their albums) in the export's order, as one appeal."""
    if not post_ids:
        raise ExportError("post", _("choose at least one post."))
    chosen = {}
    for post_id in post_ids:
        for post in channel.album(channel.post(post_id)):
            chosen[post.id] = post
    posts = tuple(sorted(chosen.values(), key=lambda post: post.index))
    text = "\n\n".join(post.text for post in posts if post.text).strip()
    if not text:
        raise ExportError("text", _("the chosen posts have no text."))
    if len(text) > MAX_TEXT:
        raise ExportError(
            "text",
            _("the chosen posts have {count} characters, more than {limit}.").format(
                count=len(text), limit=MAX_TEXT
            ),
        )
    demands = [" ".join(d.split()) for d in (demands or []) if d.strip()] or _demands_in(text)
    if not demands:
        raise ExportError("demands", _("no numbered or bulleted demands in the text; give them."))
    if len(demands) > MAX_DEMANDS or any(len(d) > MAX_DEMAND_LENGTH for d in demands):
        raise ExportError(
            "demands",
            _("at most {count} demands of at most {length} characters each.").format(
                count=MAX_DEMANDS, length=MAX_DEMAND_LENGTH
            ),
        )
    title = " ".join(title.split()) or _title_from(text)
    if len(title) > MAX_TITLE:
        raise ExportError("title", _("at most {n} characters.").format(n=MAX_TITLE))
    group_name = " ".join(group_name.split()) or channel.name or _("Telegram channel")
    return ElsewhereDraft(
        posts=posts,
        title=title,
        demands=tuple(demands),
        text=text,
        group_name=group_name[:200],
        link=post_link(username, posts[0].id),
    )


def _demands_in(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        match = DEMAND_LINE.match(line)
        if match:
            found.append(_plain(match["demand"]))
    return found


def _title_from(text: str) -> str:
    first = next(line for line in text.splitlines() if line.strip())
    first = _plain(first.strip().lstrip("#*_ ").rstrip("*_ "))
    if len(first) <= MAX_TITLE:
        return first
    return first[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def appeal_register_elsewhere(
    *,
    channel: Channel,
    draft: ElsewhereDraft,
    addressee: Addressee,
    username: str = "",
    registered_by=None,
) -> Appeal:
    """One transaction: the appeal, its provenance, its media references and the audit events;
    nothing of it stays if any part fails. `registered_by` is the staff member of the staff
    page (a moderator); the console command, run by an operator, passes none."""
    if registered_by is not None and not rules.can_moderate(registered_by):
        raise PermissionDenied(_("Only moderators can register appeals made elsewhere."))
    first = draft.posts[0]
    appeal = services.appeal_create(
        addressee=addressee,
        title=draft.title,
        demands=list(draft.demands),
        text=draft.text,
        group_name=draft.group_name,
        telegram_url=draft.link,
    )
    now = clock.now()
    provenance = ElsewhereProvenance.objects.create(
        appeal=appeal,
        platform=ElsewhereProvenance.Platform.TELEGRAM,
        channel_name=channel.name[:255],
        channel_id=channel.id,
        channel_username=username,
        post_ids=[post.id for post in draft.posts],
        published_at=first.published_at,
        edited_at=max((p.edited_at for p in draft.posts if p.edited_at), default=None),
        forwarded_from=first.forwarded_from[:255],
        link=draft.link,
        registered_at=now,
    )
    ElsewhereMedia.objects.bulk_create(
        ElsewhereMedia(
            provenance=provenance,
            position=position,
            post_id=post.id,
            media_type=media.media_type,
            file_name=media.file_name,
            mime_type=media.mime_type,
            duration_seconds=media.duration_seconds,
            link=post_link(username, post.id),
        )
        for position, (post, media) in enumerate(
            (post, media) for post in draft.posts for media in post.media
        )
    )
    role = "staff" if registered_by is not None else "operator"
    audit_record(
        subject=appeal,
        verb="registered_elsewhere",
        actor=registered_by,
        actor_role=role,
        data={"platform": "telegram", "channel_id": channel.id, "posts": provenance.post_ids},
    )
    return _to_moderation(appeal=appeal, now=now, actor=registered_by, role=role)


def _to_moderation(*, appeal: Appeal, now, actor, role: str) -> Appeal:
    """Draft to awaiting moderation in one step: there is no initiator on heard to confirm an
    e-mail address and gather sponsors; the registration stands for both."""
    appeal.status = Appeal.Status.AWAITING_MODERATION
    appeal.validated_at = now
    appeal.moderation_requested_at = now
    appeal.save(update_fields=["status", "validated_at", "moderation_requested_at"])
    audit_record(subject=appeal, verb="sent_to_moderation", actor=actor, actor_role=role)
    return appeal


@transaction.atomic
def elsewhere_import_stage(*, user, channel: Channel, username: str = "") -> ElsewhereImport:
    """Keep an uploaded export's posts for the staff member's next steps (pick, preview,
    register); elsewhere_imports_purge deletes it after a day if it is not registered."""
    if not rules.can_moderate(user):
        raise PermissionDenied(_("Only moderators can register appeals made elsewhere."))
    now = clock.now()
    staged = ElsewhereImport.objects.create(
        uploaded_by=user,
        uploaded_at=now,
        channel_name=channel.name[:255],
        channel_username=username,
        export=channel_dump(channel),
    )
    audit_record(
        subject=staged,
        verb="export_uploaded",
        actor=user,
        data={"platform": "telegram", "channel_id": channel.id, "posts": len(channel.posts)},
    )
    return staged


@transaction.atomic
def elsewhere_import_register(
    *, staged: ElsewhereImport, draft: ElsewhereDraft, addressee: Addressee, user
) -> Appeal:
    """Register from a staged upload, which then goes: its posts are on the appeal now."""
    appeal = appeal_register_elsewhere(
        channel=channel_load(staged.export),
        draft=draft,
        addressee=addressee,
        username=staged.channel_username,
        registered_by=user,
    )
    staged.delete()
    return appeal


def elsewhere_imports_purge() -> int:
    """Uploads older than ElsewhereImport.KEPT; the periodic job calls this."""
    old = ElsewhereImport.objects.filter(uploaded_at__lt=clock.now() - ElsewhereImport.KEPT)
    deleted, _by_model = old.delete()
    return deleted
