"""Reading addresses from JSON Lines files (plain or gzip), with errors that name the line."""

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class InputError(ValueError):
    """A file that cannot be triaged; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Record:
    id: object
    text: str
    region: str | None = None
    category: str | None = None
    channel: str | None = None
    created: str | None = None
    department: str | None = None
    topic: str | None = None


def _open(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _optional(value) -> str | None:
    return None if value is None else str(value)


def iter_records(path: str | Path, *, require: tuple[str, ...] = ()) -> Iterator[Record]:
    """Records of a JSONL file in order; blank lines are skipped, anything else must be valid."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    seen = False
    try:
        with _open(path) as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(f"{path}, line {number}: not JSON ({error.msg})") from None
                if not isinstance(data, dict):
                    raise InputError(f"{path}, line {number}: not a JSON object")
                if not isinstance(data.get("text"), str):
                    raise InputError(f'{path}, line {number}: missing "text"')
                for field in ("id", *require):
                    if data.get(field) is None:
                        raise InputError(f'{path}, line {number}: missing "{field}"')
                seen = True
                yield Record(
                    id=data["id"], text=data["text"], region=_optional(data.get("region")),
                    category=_optional(data.get("category")),
                    channel=_optional(data.get("channel")), created=_optional(data.get("created")),
                    department=_optional(data.get("department")),
                    topic=_optional(data.get("topic")),
                )
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from None
    if not seen:
        raise InputError(f"{path}: empty file, no addresses")


def read_records(path: str | Path, *, require: tuple[str, ...] = ()) -> list[Record]:
    return list(iter_records(path, require=require))
