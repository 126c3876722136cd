"""HTTP caching of public reads: a short shared max-age, an ETag of the body and Last-Modified,
and 304 Not Modified for a client that already holds the same answer (decision 0505)."""

import hashlib
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date


def public_cached(
    request: HttpRequest,
    response: HttpResponse,
    *,
    max_age: int,
    last_modified: datetime | None = None,
) -> HttpResponse:
    """The response with its validators, or a 304 when the request's If-None-Match or
    If-Modified-Since shows the client has it. Only successful answers are marked."""
    if not 200 <= response.status_code < 300:
        return response
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    modified = int(last_modified.timestamp()) if last_modified else None
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    if max_age > 0:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)
