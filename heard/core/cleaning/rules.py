"""Pure checks of input against what the databases can store; no Django request in here."""

import re
from datetime import UTC, datetime, tzinfo

# C0 control characters but tab, line feed and carriage return, and lone UTF-16 surrogates (only
# a JSON escape can make one). PostgreSQL cannot store NUL in text; the others are stored but
# break what is made from the text later (XML, CSV, e-mail headers) and no person types them.
UNSTORABLE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
UNSTORABLE_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A JSON escape of such a character, after an even number of backslashes (an odd one would be
# an escaped backslash followed by the text "u0000").
_ESCAPE = re.compile(rb"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")
_HIGH_SURROGATES = range(0xD800, 0xDC00)
_LOW_SURROGATES = range(0xDC00, 0xE000)
_ALLOWED_CONTROLS = {0x09, 0x0A, 0x0D}
# The largest id a URL may carry: PostgreSQL's bigint and SQLite's integer end at 2**63 - 1.
MAX_ID = 2**63 - 1


def text_unstorable(value: str) -> bool:
    return UNSTORABLE_TEXT.search(value) is not None


def json_too_deep(body: bytes, *, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit`; Python's json and pydantic recurse
    once per level. A body with fewer brackets than the limit (most) is not scanned."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def json_unstorable(body: bytes) -> bool:
    """Whether a JSON body carries, raw or escaped, a character `text_unstorable` refuses."""
    if UNSTORABLE_BYTES.search(body):
        return True
    if b"\\u" not in body:
        return False
    pending_high = None  # end offset of a high surrogate still waiting for its low half
    for match in _ESCAPE.finditer(body):
        code = int(match[2], 16)
        follows_high = pending_high == match.start() and not match[1]
        if pending_high is not None and not follows_high:
            return True
        pending_high = None
        if code in _HIGH_SURROGATES:
            pending_high = match.end()
        else:
            lone_low = code in _LOW_SURROGATES and not follows_high
            if lone_low or (code < 0x20 and code not in _ALLOWED_CONTROLS):
                return True
    return pending_high is not None


def datetime_storable(value: datetime, *, zone: tzinfo | None = None) -> bool:
    """Whether an aware datetime survives being moved to UTC (where the databases keep it) and
    to the site's time zone (where pages show it): 0001-01-01T00:00+14:00 does not."""
    try:
        value.astimezone(UTC)
        if zone is not None:
            value.astimezone(zone)
    except OverflowError:
        return False
    return True


def id_from(value: str) -> int | None:
    """A positive id from text (a query parameter), or None for anything else."""
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None
