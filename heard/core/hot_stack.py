"""The hot routes' own Django handler: its declared middleware, its small URLconf (decision 0531).

In a spike nearly every request is a visitor's appeal page, the sign form's POST, "check your
e-mail", the signer's link or the API's signing. Those requests are served by a second Django
handler — in the style of Zulip, which runs its hot path in a handler of its own that still
loads Django's middleware — built by Django itself from `settings.HEARD_HOT_MIDDLEWARE` (the main
MIDDLEWARE minus a declared list, held to it by a system check, core/checks.py) and resolving
against `settings.HEARD_HOT_URLCONF`. Sessions, users, messages and WhiteNoise are not in it, so
only visitors come here: a request with a session or a message waiting in a cookie takes the
main stack (`takes`). Everything else — CSRF, the language, the headers — is Django's own
middleware, and the API's signing is Ninja's own endpoint.

heard/config/wsgi.py chooses between the two handlers; tests/stack.py makes the test client
choose the same way.
"""

import re
from functools import cache

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.http.cookie import parse_cookie
from django.urls import get_resolver


@cache
def _hot_paths() -> tuple[re.Pattern, re.Pattern]:
    """The paths of the hot routes (heard/config/hot_urls.py spells the same routes), with any
    language prefix: the visitor pages, and the API's signing."""
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    pages = re.compile(
        rf"(?:/(?:{languages}))?/(?:appeals/[0-9]+/(?:sign/)?"
        r"|signatures/check-email/|signatures/[0-9]+/[^/]+/)"
    )
    return pages, re.compile(r"/api/v1/appeals/[0-9]+/signatures")


def is_visitor(request: HttpRequest) -> bool:
    """No session (staff and organisations are signed in) and no message waiting in a cookie."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def takes(environ: dict) -> bool:
    """Whether the hot handler serves this request: a hot route, and for its pages a visitor."""
    pages, api = _hot_paths()
    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD")
    if method == "POST" and api.fullmatch(path):
        return True  # the API takes no cookies
    if method not in ("GET", "HEAD", "POST") or not pages.fullmatch(path):
        return False
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


class HotStack:
    """Mixed into a Django handler (WSGIHandler; the test client's ClientHandler): Django builds
    the chain from HEARD_HOT_MIDDLEWARE, and views are resolved in HEARD_HOT_URLCONF, while
    `reverse` keeps the site's URLconf (the pages link to the whole site)."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django reads settings.MIDDLEWARE here and nowhere else; the handler is built once,
        # before it serves (wsgi.py at import; a test client at its first request).
        main = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.HEARD_HOT_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = main

    def resolve_request(self, request: HttpRequest):
        match = get_resolver(settings.HEARD_HOT_URLCONF).resolve(request.path_info)
        request.resolver_match = match
        return match
