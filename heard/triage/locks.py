"""One triage job per campaign at a time.

On PostgreSQL a session advisory lock keyed by the campaign (as e-petitions' counting job does);
SQLite serialises writers anyway, and there the run's status row is the guard (a run is claimed
by a conditional UPDATE from queued to running, which only one worker can win).
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# The first half of the two-key advisory lock: "tr" for triage, so other jobs can use other keys.
_NAMESPACE = 0x7472


@contextmanager
def campaign_lock(campaign_id: int, *, wait_seconds: float = 0) -> Iterator[bool]:
    """Yields whether the lock is held; always True off PostgreSQL."""
    if connection.vendor != "postgresql":
        yield True
        return
    deadline = time.monotonic() + wait_seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_NAMESPACE, campaign_id])
            acquired = bool(cursor.fetchone()[0])
            if acquired or time.monotonic() >= deadline:
                break
            time.sleep(0.5)
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_NAMESPACE, campaign_id])
