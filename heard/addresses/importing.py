"""`heard addresses import FILE.jsonl[.gz] --campaign SLUG`: an intake system's file into a
campaign, a batch per transaction (services.imports writes; decision 0516).

The lines are the file-mode triage's (heard.triage.lib.io), so one file serves both: "text" is
required; "id" (the intake system's own identity), "received" (or "created"; ISO 8601, a date or
a date and time, local time when no offset is given), "region" (code or name), "category" (code
or name, the addressee's), "channel", "kind", "name", "email", "postal_address" and "language"
are optional. Other fields ("department", "topic") are ignored.

A bad line is named by its number and field. By default the import stops there: the batches
before it are stored, the batch it is in is not. With max_errors, up to that many bad lines are
reported and skipped. A rerun continues where the last one stopped: each line's key (its "id",
else its number and a digest of its content) is stored with its address, and lines whose key is
stored are skipped.
"""

import gzip
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from heard.addresses.models import Address, Campaign, Category
from heard.addresses.services.imports import ImportLine, addresses_import_batch
from heard.addresses.services.intake import MAX_TEXT
from heard.core import clock
from heard.core.table_upkeep import table_upkeep
from heard.offices.models import Region

BATCH = 2000
KINDS = (Address.Kind.QUESTION, Address.Kind.REQUEST, Address.Kind.PROPOSAL,
         Address.Kind.COMPLAINT)
CYRILLIC = re.compile("[А-Яа-яЁё]")


class ImportFailed(ValueError):
    """The import cannot go on (no file, no campaign, too many bad lines)."""


@dataclass
class LineError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)d, %(field)s: %(message)s") % {
            "line": self.line, "field": self.field, "message": self.message}


@dataclass
class ImportSummary:
    lines: int = 0
    stored: int = 0
    already: int = 0
    errors: list[LineError] = field(default_factory=list)
    stopped_at: int | None = None
    seconds: float = 0.0


class _Lookups:
    """Regions and the addressee's categories by code or name, read once per import."""

    def __init__(self, campaign: Campaign):
        self.regions = self._index(Region.objects.all())
        self.categories = self._index(Category.objects.filter(addressee=campaign.addressee_id))

    @staticmethod
    def _index(rows) -> dict[str, int]:
        found = {}
        for row in rows:
            for name in (row.name_en, row.name_ru, row.code):
                found[name.casefold()] = row.pk
        return found


class _Bad(Exception):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field, self.message = field_name, message


def _text(data: dict) -> str:
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _Bad("text", _("missing or empty; every line needs the text of the address"))
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise _Bad("text", _("longer than %(count)d characters") % {"count": MAX_TEXT})
    return text


def _received(data: dict, now: datetime) -> datetime | None:
    for name in ("received", "created"):
        value = data.get(name)
        if value in (None, ""):
            continue
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise _Bad(name, _("%(value)s is not a date (ISO 8601, e.g. 2023-12-14 or "
                               "2023-12-14T10:30:00+03:00)") % {"value": str(value)[:40]}
                       ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if moment > now:
            raise _Bad(name, _("%(value)s is in the future") % {"value": str(value)[:40]})
        return moment
    return None


def _looked_up(data: dict, name: str, index: dict[str, int]) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    found = index.get(str(value).strip().casefold())
    if found is None:
        raise _Bad(name, _("unknown: %(value)s") % {"value": str(value)[:80]})
    return found


def _choice(data: dict, name: str, allowed, default: str) -> str:
    value = data.get(name)
    if value in (None, ""):
        return default
    if value not in allowed:
        raise _Bad(name, _("%(value)s is not one of %(allowed)s") % {
            "value": str(value)[:40], "allowed": ", ".join(allowed)})
    return value


def _email(data: dict) -> str:
    email = str(data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _Bad("email", _("%(value)s is not an e-mail address") % {
                "value": email[:80]}) from None
    return email


def _key(data: dict, number: int, raw: str) -> str:
    external = data.get("id")
    if external not in (None, ""):
        if not isinstance(external, str | int) or isinstance(external, bool):
            raise _Bad("id", _("must be a string or a number"))
        return f"id:{external}"[:200]
    return f"line:{number}:{hashlib.sha256(raw.strip().encode()).hexdigest()[:32]}"


def line_parse(raw: str, *, number: int, lookups: _Lookups, channel: str, now: datetime):
    """An ImportLine, or a LineError naming the line and the field."""
    try:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise _Bad("JSON", _("not JSON (%(error)s)") % {"error": error.msg}) from None
        if not isinstance(data, dict):
            raise _Bad("JSON", _("not a JSON object"))
        text = _text(data)
        name = " ".join(str(data.get("name") or data.get("applicant_name") or "").split())
        return ImportLine(
            line=number, key=_key(data, number, raw), text=text,
            received_at=_received(data, now),
            channel=_choice(data, "channel", Address.Channel.values, channel),
            kind=_choice(data, "kind", KINDS, Address.Kind.QUESTION),
            region_id=_looked_up(data, "region", lookups.regions),
            category_id=_looked_up(data, "category", lookups.categories),
            applicant_name=name[:200], email=_email(data),
            postal_address=str(data.get("postal_address") or "").strip()[:500],
            language=_choice(data, "language", ("ru", "en"),
                             "ru" if CYRILLIC.search(text) else "en"),
        )
    except _Bad as bad:
        return LineError(number, bad.field, bad.message)


def _open(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _count_lines(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))


def addresses_import(
    path: str | Path, *, campaign: Campaign, channel: str = Address.Channel.WEB,
    batch_size: int = BATCH, max_errors: int = 0, progress: bool = False, stream=None,
) -> ImportSummary:
    """Import the file into the campaign. A summary's `stopped_at` is the bad line it stopped
    at (max_errors exceeded); ImportFailed when the file cannot be read."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed(_("%(path)s: no such file") % {"path": path})
    started = time.perf_counter()
    summary = ImportSummary()
    lookups = _Lookups(campaign)
    now = clock.now()
    bar = tqdm(total=_count_lines(path) if progress else None, unit="line", file=stream,
               disable=not progress, desc=campaign.slug)
    batch: list[ImportLine] = []

    def write():
        result = addresses_import_batch(campaign=campaign, lines=batch)
        summary.stored += result.stored
        summary.already += result.already
        bar.update(len(batch))
        batch.clear()

    try:
        with _open(path) as lines:
            for number, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                summary.lines += 1
                parsed = line_parse(raw, number=number, lookups=lookups, channel=channel,
                                    now=now)
                if isinstance(parsed, LineError):
                    summary.errors.append(parsed)
                    if len(summary.errors) > max_errors:
                        summary.stopped_at = number
                        break
                    continue
                batch.append(parsed)
                if len(batch) >= batch_size:
                    write()
            else:
                if batch:
                    write()
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ImportFailed(_("%(path)s: cannot read (%(error)s)") % {
            "path": path, "error": error}) from None
    finally:
        bar.close()
    if summary.stored:
        # Fresh statistics and pages marked all-visible, so that the queue's plans and
        # index-only scans fit the table's new size at once, not when autovacuum next looks.
        table_upkeep(Address)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
