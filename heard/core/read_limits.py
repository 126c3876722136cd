"""The one place where reads that cost the site or guess at secrets ask whether this client may
go on: Open311 reads and tracking lookups (by number and code, on the page and in the API).

Every such read calls `read_allowed` first and answers 429 when it says no. It says yes today:
the per-IP limits of issue 12 plug in here, so no view needs to change when they do.
"""

from django.http import HttpRequest


class ReadScope:
    OPEN311 = "open311_read"
    TRACKING = "tracking_lookup"


def read_allowed(request: HttpRequest, *, scope: str) -> bool:
    return True
