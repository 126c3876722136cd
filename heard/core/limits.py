"""Limits on public writes (and the costly public reads): burst and sustained windows per IP
hash, per e-mail digest, per addressee and per target (what is followed), set in settings
(HEARD_LIMITS).

What a caller does over a limit is its own choice: the address and signature forms *hold* what
a person sent for a moderator (nothing a real person does is lost, decision 0508), tracking and
Open311 answer 429 with Retry-After. Counting is one multi-row upsert on `LimitCount` (fixed
windows, one row per key and window): exact across every web process and the worker, on SQLite
and PostgreSQL alike, with no other service to run. The counters are bookkeeping, not records:
`limit_counts_purge` deletes the ended windows.
"""

import hashlib
import math
import time
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from heard.core.models import LimitCount

KINDS = ("ip", "email", "addressee", "target")
# The e-mail kind shares one counter across every action that mails the address given, so that
# no address can be made to receive more than a few mails a day whichever form is used.
SHARED_KEYS = {"email": "mail"}


class Verdict(NamedTuple):
    exceeded: bool
    retry_after: int = 0  # seconds until the fullest window over its limit ends
    kind: str = ""  # which kind of limit was reached first (for the evidence held with it)


ALLOWED = Verdict(False)


def _seconds() -> int:
    """Wall-clock seconds: windows are shared by every process, so not the service clock."""
    return int(time.time())


def limits_for(action: str) -> dict[str, list[tuple[int, int]]]:
    """{kind: [(count, seconds), ...]} for an action, from HEARD_LIMITS."""
    return settings.HEARD_LIMITS.get(action, {})


def _key(action: str, kind: str, value: str, seconds: int) -> str:
    scope = SHARED_KEYS.get(kind, action)
    digest = hashlib.blake2b(value.encode(), digest_size=12).hexdigest()
    return f"{scope}:{kind}:{seconds}:{digest}"


def _upsert(rows: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
    quote = connection.ops.quote_name
    table = quote(LimitCount._meta.db_table)
    key, start, hits = (quote(name) for name in ("key", "window_start", "hits"))
    values = ", ".join(["(%s, %s, 1)"] * len(rows))
    statement = (
        f"INSERT INTO {table} ({key}, {start}, {hits}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({key}, {start}) DO UPDATE SET {hits} = {table}.{hits} + 1 "
        f"RETURNING {key}, {start}, {hits}"
    )
    params = [value for row in rows for value in row]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        return {(name, begun): count for name, begun, count in cursor.fetchall()}


def limits_check(
    *,
    action: str,
    ip_hash: str = "",
    email_digest: str = "",
    addressee: str = "",
    target: str = "",
) -> Verdict:
    """Count one attempt of `action` against every configured window and say whether any limit
    is now exceeded. Every attempt counts, over the limit or not: a flood does not get a fresh
    allowance by being refused."""
    given = {"ip": ip_hash, "email": email_digest, "addressee": addressee, "target": target}
    now = _seconds()
    rows, limits = [], []
    for kind, windows in limits_for(action).items():
        if not given.get(kind):
            continue
        for count, seconds in windows:
            start = now - now % seconds
            key = _key(action, kind, given[kind], seconds)
            rows.append((key, start))
            limits.append((key, start, count, seconds, kind))
    if not rows:
        return ALLOWED
    hits = _upsert(rows)
    over = [
        (start + seconds - now, kind)
        for key, start, count, seconds, kind in limits
        if hits[(key, start)] > count
    ]
    if not over:
        return ALLOWED
    retry_after, kind = max(over)
    return Verdict(True, max(retry_after, 1), kind)


def request_ip_hash(request: HttpRequest) -> str:
    from heard.signatures.privacy import client_ip, ip_digest

    return ip_digest(client_ip(request))


def limit_counts_purge() -> int:
    """Delete the counters of windows that have ended (the longest window a key can have is
    kept whole). Returns how many rows went."""
    windows = [
        seconds
        for kinds in settings.HEARD_LIMITS.values()
        for pairs in kinds.values()
        for _count, seconds in pairs
    ]
    longest = max(windows, default=0)
    cutoff = _seconds() - longest
    deleted, _by_model = LimitCount.objects.filter(window_start__lt=cutoff).delete()
    return deleted


def too_many(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """The page a person sees when a limit stops them: when to try again, nothing more."""
    minutes = max(1, math.ceil(verdict.retry_after / 60))
    response = render(
        request,
        "429.html",
        {
            "message": _("Too many attempts from your connection. Try again in %(minutes)d min.")
            % {"minutes": minutes}
        },
        status=429,
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response
