"""Reading Telegram Desktop's "Export chat history" JSON (result.json): pure, no ORM.

A single chat's export is `{"name", "type", "id", "messages": [...]}`. Each message has an `id`,
a `type` ("message", or "service" for pins, joins and the like), a `date` in the exporter's local
time and, in exports since 2021, `date_unixtime` (seconds, as a string); `text` is a string or a
list of strings and entity objects (`{"type": "text_link", "text", "href"}`), mirrored as a list
of entities in `text_entities`; `edited`, `forwarded_from`, `photo`, `file`, `file_name`,
`media_type`, `mime_type` and `duration_seconds` appear when they apply. Media not downloaded
read "(File not included. ...)". An album is several messages with the same second and author.

Every problem raises ExportError naming the place, as `messages[12].date: ...`.
"""

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from django.utils.translation import gettext as _

from heard.core.cleaning.rules import datetime_storable, json_too_deep, text_unstorable

MAX_DEPTH = 64
# Telegram opened in August 2013: an earlier date (0001-01-01 among them) is not a real post's.
TELEGRAM_EPOCH = datetime(2013, 8, 1, tzinfo=UTC)
CHANNEL_KINDS = ("public_channel", "private_channel")
CHAT_KINDS = (
    *CHANNEL_KINDS,
    "public_supergroup",
    "private_supergroup",
    "private_group",
    "personal_chat",
    "bot_chat",
    "saved_messages",
)
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
NOT_INCLUDED = "(File not included"
SINGLE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")


class ExportError(ValueError):
    def __init__(self, place: str, problem: str):
        super().__init__(f"{place}: {problem}" if place else problem)
        self.place = place
        self.problem = problem


@dataclass(frozen=True)
class Media:
    media_type: str
    file_name: str
    mime_type: str = ""
    duration_seconds: int | None = None
    included: bool = True


@dataclass(frozen=True)
class Post:
    id: int
    index: int  # its place in `messages`, for error messages
    published_at: datetime
    text: str  # Markdown: links kept as [text](href)
    author: str = ""
    edited_at: datetime | None = None
    forwarded_from: str = ""
    media: tuple[Media, ...] = ()
    service: str = ""  # the action of a service message; such a message is no post

    @property
    def is_post(self) -> bool:
        return not self.service


@dataclass(frozen=True)
class Channel:
    name: str
    kind: str
    id: int
    posts: tuple[Post, ...] = field(default=())

    def post(self, post_id: int) -> Post:
        for post in self.posts:
            if post.id == post_id:
                if not post.is_post:
                    raise ExportError(
                        f"messages[{post.index}]",
                        _("message {id} is a service message, not a post.").format(id=post_id),
                    )
                return post
        raise ExportError("messages", _("there is no message with id {id}.").format(id=post_id))

    def album(self, post: Post) -> list[Post]:
        """The post with the album it belongs to: neighbours sent in the same second by the
        same author, at least one of them with media."""
        posts = [p for p in self.posts if p.is_post]
        at = posts.index(post)
        start = end = at
        while start > 0 and _same_album(posts[start - 1], post):
            start -= 1
        while end + 1 < len(posts) and _same_album(posts[end + 1], post):
            end += 1
        group = posts[start : end + 1]
        return group if any(p.media for p in group) else [post]


def _same_album(one: Post, other: Post) -> bool:
    return one.published_at == other.published_at and one.author == other.author


def export_read(raw: bytes | str, *, zone: tzinfo, now: datetime) -> Channel:
    """The channel in an export's bytes; `zone` reads the local `date` when no `date_unixtime`."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if json_too_deep(raw, limit=MAX_DEPTH):
        raise ExportError("", _("the file nests deeper than {n} levels.").format(n=MAX_DEPTH))
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise ExportError("", _("the file is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        place = _("line {line}, column {column}").format(line=error.lineno, column=error.colno)
        raise ExportError(place, _("not JSON ({reason}).").format(reason=error.msg)) from None
    except RecursionError:
        raise ExportError("", _("the file nests too deeply.")) from None
    return channel_read(data, zone=zone, now=now)


def channel_read(data, *, zone: tzinfo, now: datetime) -> Channel:
    if not isinstance(data, dict):
        raise ExportError("", _("not a Telegram chat export: the file is not a JSON object."))
    if "messages" not in data and isinstance(data.get("chats"), dict):
        raise ExportError(
            "chats",
            _("this is a whole-account export; export the history of the one channel instead."),
        )
    messages = data.get("messages")
    if not isinstance(messages, list):
        raise ExportError("messages", _("missing or not a list: not a Telegram chat export."))
    kind = data.get("type")
    if kind not in CHAT_KINDS:
        raise ExportError("type", _("unknown chat type {kind}.").format(kind=str(kind)[:40]))
    chat_id = data.get("id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool) or not 0 < chat_id < 2**63:
        raise ExportError("id", _("missing or not a positive whole number."))
    name = _text(data.get("name"), "name", required=False)
    posts = tuple(_post(message, index, zone, now) for index, message in enumerate(messages))
    seen = set()
    for post in posts:
        if post.id in seen:
            raise ExportError(f"messages[{post.index}].id", _("appears twice."))
        seen.add(post.id)
    return Channel(name=name, kind=kind, id=chat_id, posts=posts)


def _post(message, index: int, zone: tzinfo, now: datetime) -> Post:
    place = f"messages[{index}]"
    if not isinstance(message, dict):
        raise ExportError(place, _("not an object."))
    post_id = message.get("id")
    if not isinstance(post_id, int) or isinstance(post_id, bool) or not 0 < post_id < 2**63:
        raise ExportError(f"{place}.id", _("missing or not a positive whole number."))
    kind = message.get("type")
    if kind not in ("message", "service"):
        raise ExportError(f"{place}.type", _('expected "message" or "service".'))
    published = _moment(message, "date", place, zone, now, required=True)
    if kind == "service":
        action = message.get("action")
        action = action if isinstance(action, str) and action else "service"
        return Post(id=post_id, index=index, published_at=published, text="", service=action)
    return Post(
        id=post_id,
        index=index,
        published_at=published,
        text=_message_text(message, place),
        author=_text(message.get("from"), f"{place}.from", required=False),
        edited_at=_moment(message, "edited", place, zone, now, required=False),
        forwarded_from=_text(message.get("forwarded_from"), f"{place}.forwarded_from", False),
        media=_media(message, place),
    )


def _moment(message, key, place, zone, now, *, required) -> datetime | None:
    local = message.get(key)
    stamp = message.get(f"{key}_unixtime")
    if local is None and stamp is None:
        if required:
            raise ExportError(f"{place}.{key}", _("missing."))
        return None
    value = None
    if local is not None:
        value = _local(local, f"{place}.{key}", zone, now)
    if stamp is not None:
        value = _checked(_stamp(stamp, f"{place}.{key}_unixtime"), f"{place}.{key}_unixtime", now)
    return value


def _local(local, where: str, zone: tzinfo, now: datetime) -> datetime:
    try:
        value = datetime.fromisoformat(local) if isinstance(local, str) else None
    except ValueError:
        value = None
    if value is None:
        raise ExportError(where, _("not a date and time like 2023-12-07T10:00:00."))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    if not datetime_storable(value, zone=zone):
        raise ExportError(where, _("a date before Telegram existed."))
    return _checked(value, where, now)


def _stamp(stamp, where: str) -> datetime:
    if isinstance(stamp, bool) or not isinstance(stamp, str | int):
        raise ExportError(where, _("not a number of seconds."))
    try:
        return datetime.fromtimestamp(int(stamp), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ExportError(where, _("not a number of seconds.")) from None


def _checked(value: datetime, where: str, now: datetime) -> datetime:
    if value < TELEGRAM_EPOCH:
        raise ExportError(where, _("a date before Telegram existed."))
    if value > now + timedelta(days=1):
        raise ExportError(where, _("a date in the future."))
    return value


def _text(value, place: str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    return _clean(value, place).strip()


def _message_text(message: dict, place: str) -> str:
    key = "text_entities" if isinstance(message.get("text_entities"), list) else "text"
    value = message.get(key, "")
    if isinstance(value, str):
        return _markdown_lines(_text(value, f"{place}.{key}"))
    if not isinstance(value, list):
        raise ExportError(f"{place}.{key}", _("neither text nor a list of parts."))
    parts = []
    for number, part in enumerate(value):
        where = f"{place}.{key}[{number}]"
        if isinstance(part, str):
            parts.append(_clean(part, where))
            continue
        if not isinstance(part, dict):
            raise ExportError(where, _("neither text nor an entity object."))
        words = _clean(part.get("text"), f"{where}.text")
        href = part.get("href")
        if part.get("type") == "text_link" and isinstance(href, str):
            href = _clean(href, f"{where}.href")
            if href.startswith(("https://", "http://")) and "]" not in words:
                words = f"[{words}]({href.replace(')', '%29')})"
        elif part.get("type") == "hashtag" and words.startswith("#"):
            words = "\\" + words  # a hashtag at a line's start is no Markdown heading
        parts.append(words)
    return _markdown_lines("".join(parts).strip())


def _markdown_lines(text: str) -> str:
    """A post's line breaks kept as Markdown hard breaks; blank lines stay paragraphs."""
    lines = (line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    return SINGLE_NEWLINE.sub("  \n", "\n".join(lines))


def _clean(value, place: str) -> str:
    if not isinstance(value, str):
        raise ExportError(place, _("not text."))
    if text_unstorable(value):
        raise ExportError(
            place, _("contains a control character (NUL or the like) it cannot keep.")
        )
    return value


def _media(message: dict, place: str) -> tuple[Media, ...]:
    found = []
    if "photo" in message:
        path = _text(message["photo"], f"{place}.photo")
        found.append(_one("photo", path, "image/jpeg", None))
    if "file" in message:
        path = _text(message["file"], f"{place}.file")
        kind = _text(message.get("media_type", "document"), f"{place}.media_type") or "document"
        mime = _text(message.get("mime_type"), f"{place}.mime_type", required=False)
        name = _text(message.get("file_name"), f"{place}.file_name", required=False)
        duration = message.get("duration_seconds")
        if duration is not None and (
            not isinstance(duration, int) or isinstance(duration, bool) or duration < 0
        ):
            raise ExportError(f"{place}.duration_seconds", _("not a whole number of seconds."))
        found.append(_one(kind, name or path, mime, duration))
    return tuple(found)


def _one(kind: str, path: str, mime: str, duration: int | None) -> Media:
    included = not path.startswith(NOT_INCLUDED)
    name = path.rsplit("/", 1)[-1] if included else ""
    return Media(
        media_type=kind[:40],
        file_name=name[:255],
        mime_type=mime[:100],
        duration_seconds=duration,
        included=included,
    )


def post_link(username: str, post_id: int) -> str:
    """The public address of a post; only a channel with a username has one."""
    return f"https://t.me/{username}/{post_id}" if username else ""


def username_check(value: str) -> str:
    value = value.strip().removeprefix("@").removeprefix("https://t.me/").strip("/")
    if value and not USERNAME.fullmatch(value):
        raise ExportError(
            "username", _("a Telegram username has 5 to 32 letters, digits or underscores.")
        )
    return value


def channel_dump(channel: Channel) -> dict:
    """The channel as JSON-able data (what a staged upload keeps between the staff's steps)."""
    data = asdict(channel)
    for post in data["posts"]:
        for key in ("published_at", "edited_at"):
            post[key] = post[key].isoformat() if post[key] else None
    return data


def channel_load(data: dict) -> Channel:
    posts = []
    for post in data["posts"]:
        values = dict(post)
        values["published_at"] = datetime.fromisoformat(values["published_at"])
        edited = values["edited_at"]
        values["edited_at"] = datetime.fromisoformat(edited) if edited else None
        values["media"] = tuple(Media(**media) for media in values["media"])
        posts.append(Post(**values))
    return Channel(name=data["name"], kind=data["kind"], id=data["id"], posts=tuple(posts))
