"""Which HTML pages a shared cache may keep: the visitor pages that carry nothing of the visitor.

A page a proxy or the browser may keep (`Cache-Control: public, max-age=HEARD_PUBLIC_PAGE_SECONDS`)
must be the same bytes for everyone who asks for its URL. A page is marked so only when all of
these hold; every other page of HTML is marked `private, no-store` (decision 0520):

- a GET or HEAD answered 200, and the view set no Cache-Control of its own (the address pages'
  `never_cache`, the signer's link, the API's count keep theirs);
- the request comes from a visitor: no session cookie (staff, organisations) and no message
  waiting in a cookie;
- the page made no CSRF token (a page with a form is the visitor's own) and sets no cookie;
- the URL carries no secret of its own (a route with a `token`, such as a sponsor's or an
  initiator's link: whoever has the URL may see the page, but no cache should hold it).

The language of a page comes from its path (`/en/...`, none for the default language), so a
kept page varies on the cookie only (Vary: Cookie: a signed-in member of staff never gets a
visitor's copy); `Accept-Language`, which Django's LocaleMiddleware adds to pages without a
prefix, is dropped from Vary there, or a proxy would keep one copy per browser language for
pages that do not depend on it. The API (`/api/`, `/open311/`) answers in the language asked
for and keeps its Vary.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from heard.api.language import API_PREFIXES
from heard.core.hot_stack import is_visitor


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and is_visitor(request)
        and not (match is not None and "token" in match.kwargs)
    )


def vary_without_accept_language(response: HttpResponse) -> None:
    kept = [
        header.strip()
        for header in response.get("Vary", "").split(",")
        if header.strip() and header.strip().lower() != "accept-language"
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


class VisitorPageCaching:
    """Placed high in MIDDLEWARE (and in the hot routes' stack), so that every step below it
    (sessions, CSRF, messages) has already left its mark on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html") or (
            request.path_info.startswith(API_PREFIXES)
        ):
            return response
        # Every page shows what a signed-in member of staff or a waiting message adds to it.
        patch_vary_headers(response, ("Cookie",))
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response  # an answer to a form; or the view's own choice
        if is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=settings.HEARD_PUBLIC_PAGE_SECONDS)
            vary_without_accept_language(response)
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response
