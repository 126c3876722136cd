"""Per-process caches for the signing hot path, so that a signature costs one insert.

The appeal's state is cached for a couple of seconds: a signature made in the moment after an
appeal closes is refused at confirmation (which re-checks the state under a lock), so the cache
can never make a signature count that should not. Regions change only through the admin.
"""

import time

from django.conf import settings

from heard.appeals.models import Appeal
from heard.offices.models import Region

_appeals: dict[int, tuple[float, Appeal | None]] = {}
_regions: dict[str, tuple[float, Region | None]] = {}


def appeal_for_signing(*, pk: int) -> Appeal | None:
    """The public appeal (id and state only, enough for the signing guard) or None."""
    now = time.monotonic()
    cached = _appeals.get(pk)
    if cached and cached[0] > now:
        return cached[1]
    appeal = Appeal.objects.filter(pk=pk, status__in=Appeal.PUBLIC).only("id", "status").first()
    if len(_appeals) > 10_000:
        _appeals.clear()
    _appeals[pk] = (now + settings.HEARD_SIGNING_CACHE_SECONDS, appeal)
    return appeal


def region_by_code(*, code: str) -> Region | None:
    now = time.monotonic()
    cached = _regions.get(code)
    if cached and cached[0] > now:
        return cached[1]
    region = Region.objects.filter(code=code, active=True).first()
    if len(_regions) > 1_000:
        _regions.clear()
    _regions[code] = (now + settings.HEARD_SIGNING_CACHE_SECONDS * 30, region)
    return region


def caches_clear() -> None:
    _appeals.clear()
    _regions.clear()
