"""The part of the middleware stack a visitor's request needs, for the fast paths.

A visitor (no session cookie, no message waiting in a cookie) needs of the stack below the fast
paths only this: a host that is allowed, the language (LocaleMiddleware), the CSRF cookie and
check (CsrfViewMiddleware) and the headers the stack adds to an answer. Sessions, users,
messages, WhiteNoise and Django's URL resolution on every request cost more CPU than a cached
page or a signature itself (decisions 0401, 0403). The fast paths use Django's own middleware
instances for the parts they keep, so the answers are the same; tests compare them.
"""

import secrets
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation

_INDEX = {char: number for number, char in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of the alphabet's size under 256: random bytes at or above it are dropped,
# so that every character is equally likely.
_UNBIASED = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _random_string(length: int) -> str:
    # One read of the system's random source per string; Django's get_random_string makes one
    # per character (64 per token, and a new visitor needs two strings), which was a tenth of
    # the web processes' CPU in a spike of new visitors.
    chars = ""
    while len(chars) < length:
        chars += "".join(
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in secrets.token_bytes(length + 8)
            if byte < _UNBIASED
        )
    return chars[:length]


def csrf_token(request: HttpRequest) -> str:
    """What django.middleware.csrf.get_token returns — the request's secret (a new one if it has
    none) masked afresh, the cookie marked to be set — with fewer reads of the random source.
    Tests check that CsrfViewMiddleware accepts what this makes."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_string(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_string(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_INDEX[plain] + _INDEX[key]) % size]
        for plain, key in zip(secret, mask, strict=True)
    )
    return mask + cipher


@lru_cache(maxsize=4096)
def route_of(path: str, language: str) -> ResolverMatch | None:
    # `language` is part of the key: under i18n_patterns a path resolves in the active language.
    try:
        return resolve(path)
    except Resolver404:
        return None


def is_visitor(request: HttpRequest) -> bool:
    """No session (staff are signed in) and no message waiting in a cookie: the pages such a
    request gets are the same for every visitor but for their CSRF token."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


class LeanStack:
    def __init__(self, get_response):
        self.csrf = CsrfViewMiddleware(get_response)
        self.locale = LocaleMiddleware(get_response)
        self.common = CommonMiddleware(get_response)
        self.frame = XFrameOptionsMiddleware(get_response)

    def visitor_route(self, request: HttpRequest) -> ResolverMatch | None:
        """The route of a visitor's request, with its language active; None for anyone else
        (who takes the normal path). A caller that answers reads the CSRF cookie first
        (`csrf.process_request`, or `answer` for a view's own check)."""
        if not is_visitor(request):
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None  # the normal path answers it
        self.locale.process_request(request)
        return route_of(request.path_info, translation.get_language())

    def answer(
        self, request: HttpRequest, route: ResolverMatch, call: Callable[[], HttpResponse | None]
    ) -> HttpResponse | None:
        """A visitor's request answered here: CsrfViewMiddleware's own check (its 403), else
        `call()`; an exception answered as Django's handler answers it (a 400 for a body over
        DATA_UPLOAD_MAX_*, else a 500); then the skipped middleware's header steps. None if
        `call` gives no answer: the caller goes on down the normal path."""
        try:
            self.csrf.process_request(request)
            response = self.csrf.process_view(request, route.func, route.args, route.kwargs)
            if response is None:
                response = call()
        except Exception as error:  # noqa: BLE001 — as the stack below would answer it
            response = response_for_exception(request, error)
        return None if response is None else self.finish(request, response)

    def finish(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """What the stack below the fast paths adds to an answer, in the order it adds it."""
        response = self.frame.process_response(request, response)
        response = self.csrf.process_response(request, response)
        response = self.common.process_response(request, response)
        return self.locale.process_response(request, response)
