"""'Popular in your region': the open appeals most signed in a region the visitor picks with a
plain GET form (no script, no cookie: the choice is in the URL, so the page stays cacheable)."""

from django.http import HttpRequest

from heard.appeals import selectors
from heard.offices.models import Region

LIMIT = 5


def popular_in_region(request: HttpRequest) -> dict:
    """The home page's context for the list: every region offered, the chosen one (an unknown
    code is no choice), and its top open appeals with their count there."""
    regions = list(Region.objects.filter(active=True))
    code = request.GET.get("region", "")
    chosen = next((region for region in regions if region.code == code), None)
    rows = []
    if chosen is not None:
        rows = selectors.appeals_popular_in_region(region=chosen, limit=LIMIT)
    return {"regions": regions, "chosen_region": chosen, "regional": rows}
