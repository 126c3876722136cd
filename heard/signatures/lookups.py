"""Per-process caches for the signing hot path, so that a signature costs one insert.

The appeal's state is cached for a couple of seconds: a signature made in the moment after an
appeal closes is refused at confirmation (which reads the state afresh), so the cache can never
make a signature count that should not. Regions change only through the admin.
"""

import time

from django.conf import settings

from heard.appeals.models import Appeal
from heard.offices.models import Region

_appeals: dict[int, tuple[float, Appeal | None]] = {}
_active_regions: tuple[float, list[Region], dict[int, Region], dict[str, Region]] | None = None


def _regions_seconds() -> float:
    return settings.HEARD_SIGNING_CACHE_SECONDS * 30


def appeal_for_signing(*, pk: int) -> Appeal | None:
    """The public appeal (id, state and signing rule: the signing guard) or None."""
    now = time.monotonic()
    cached = _appeals.get(pk)
    if cached and cached[0] > now:
        return cached[1]
    # With the addressee's signing rule (e-mail or verified identity), read in the same query.
    appeal = (
        Appeal.objects.filter(pk=pk, status__in=Appeal.PUBLIC)
        .select_related("addressee")
        .only("id", "status", "addressee__id", "addressee__signing_identity")
        .first()
    )
    if len(_appeals) > 10_000:
        _appeals.clear()
    _appeals[pk] = (now + settings.HEARD_SIGNING_CACHE_SECONDS, appeal)
    return appeal


def _active() -> tuple[float, list[Region], dict[int, Region], dict[str, Region]]:
    # All active regions are loaded at once (there are about 90), so an unknown id or code taken
    # from a form or the API is a miss in a dictionary, never a query, and cannot grow the cache.
    global _active_regions
    now = time.monotonic()
    if _active_regions is None or _active_regions[0] <= now:
        regions = list(Region.objects.filter(active=True))
        by_pk = {region.pk: region for region in regions}
        by_code = {region.code: region for region in regions}
        _active_regions = (now + _regions_seconds(), regions, by_pk, by_code)
    return _active_regions


def regions_active() -> list[Region]:
    """The regions forms offer, in their order (the model's ordering)."""
    return _active()[1]


def region_by_pk(*, pk: int) -> Region | None:
    """The active region with this id, or None."""
    return _active()[2].get(pk)


def region_by_code(*, code: str) -> Region | None:
    """The active region with this code (as the API names regions), or None."""
    return _active()[3].get(code)


def caches_clear() -> None:
    global _active_regions
    _appeals.clear()
    _active_regions = None
