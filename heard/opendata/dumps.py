"""Writing the dumps: each dataset as CSV and as JSON Lines into HEARD_OPENDATA_DIR, plus
manifest.json (when, how many rows). Each file is written beside its old copy and moved into
place, so a download never reads a half-written file and a failed build leaves yesterday's."""

import csv
import json
import os
from datetime import UTC, date, datetime, time
from pathlib import Path
from tempfile import NamedTemporaryFile

from django.conf import settings
from django.utils import timezone

from heard.core import clock
from heard.opendata.datasets import DATASETS, FORMATS, Dataset

MANIFEST = "manifest.json"


def dumps_dir() -> Path:
    return Path(settings.HEARD_OPENDATA_DIR)


def manifest_read() -> dict | None:
    try:
        return json.loads((dumps_dir() / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def opendata_dumps_build(*, only_if_stale: bool = False) -> dict:
    """Build every dump now; with only_if_stale, only when none was built today (site time).
    Returns the manifest."""
    now = clock.now()
    today = timezone.localdate(now).isoformat()
    existing = manifest_read()
    if only_if_stale and existing and existing.get("date") == today:
        return existing
    target = dumps_dir()
    target.mkdir(parents=True, exist_ok=True)
    built = {"built_at": _value(now), "date": today, "datasets": {}}
    for dataset in DATASETS:
        built["datasets"][dataset.name] = {"rows": _write(dataset, target)}
        for extension in FORMATS:
            path = target / f"{dataset.name}.{extension}"
            built["datasets"][dataset.name][extension] = path.stat().st_size
    _replace(target / MANIFEST, lambda handle: json.dump(built, handle, ensure_ascii=False))
    return built


def _write(dataset: Dataset, target: Path) -> int:
    """Both files in one pass over the rows."""
    names = dataset.field_names
    count = 0
    with (
        _staged(target / f"{dataset.name}.csv") as table,
        _staged(target / f"{dataset.name}.jsonl") as lines,
    ):
        writer = csv.writer(table)
        writer.writerow(names)
        for row in dataset.rows():
            if list(row) != names:  # a field added in rows.py must be documented first
                raise ValueError(f"{dataset.name}: row keys {list(row)} are not {names}")
            values = [_value(row[name]) for name in names]
            writer.writerow([_cell(value) for value in values])
            lines.write(json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False))
            lines.write("\n")
            count += 1
    return count


class _staged:
    """A file written under a temporary name and moved over `path` on success."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.handle = NamedTemporaryFile(  # noqa: SIM115 - closed in __exit__
            "w", encoding="utf-8", newline="", dir=self.path.parent,
            prefix=f".{self.path.name}.", delete=False,
        )
        return self.handle

    def __exit__(self, kind, error, trace):
        self.handle.close()
        if kind is None:
            os.chmod(self.handle.name, 0o644)
            os.replace(self.handle.name, self.path)
        else:
            os.unlink(self.handle.name)
        return False


def _replace(path: Path, write) -> None:
    with _staged(path) as handle:
        write(handle)


def _value(value):
    """JSON's view of a value: moments in UTC ISO 8601, dates and times ISO, lists as they are."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _cell(value) -> str:
    """CSV's view: empty for none, lists as JSON, text safe from spreadsheet formulas."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return str(value)
