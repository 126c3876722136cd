"""Addresses counted by region for the maps of the statistics pages (heard/core/regionmap.py):
one grouped query, accepted addresses only, as every public count."""

from django.db.models import Count

from heard.addresses.models import Address
from heard.offices.models import Addressee


def address_region_counts(*, addressee: Addressee | None = None) -> list[dict]:
    """[{"region__code", "count"}], of one addressee or of all; addresses without a region are
    left out (the page's totals count them)."""
    addresses = Address.accepted().filter(region__isnull=False)
    if addressee is not None:
        addresses = addresses.filter(addressee=addressee)
    return list(addresses.values("region__code").annotate(count=Count("pk")).order_by())
