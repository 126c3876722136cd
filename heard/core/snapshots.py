"""Hot public pages for visitors from a copy each web process keeps, the CSRF token filled in.

In a spike nearly every request is a visitor opening one appeal's page, or the "check your
e-mail" page after signing. For a visitor — no session cookie, no messages cookie, no query
string — such a page is the same bytes for everyone but for the CSRF token of its forms, yet
rendering it through the template engine and the whole middleware stack costs milliseconds of
CPU. This middleware keeps each opted-in page per path for a few seconds with a hole where the
token goes, and answers the next visitors by filling their own token in and setting the CSRF
cookie exactly as CsrfViewMiddleware does (decision 0403). Staff (who have a session), visitors
with a message to see and anything unusual go down the normal path.

A view opts in with `@snapshot(seconds)`; HEARD_PAGE_CACHE_SECONDS = 0 turns snapshots off.

`KeyedCopies` is the same idea for a page a view renders from a few values it has read (the
signer's link page: the appeal's title and state, the signature's state): the view names those
values as the key, and the one string of the visitor's own in the page (the link's id and
token) is a second hole.
"""

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from heard.core.lean import LeanStack, csrf_token, is_visitor, route_of

# What the page's {% csrf_token %} renders while a snapshot is taken (see `csrf_hole`): letters
# and digits only, so no escaping changes it, and drawn at random when the process starts, so
# nobody can put it into a page's text to have visitors' tokens written there.
HOLE = "csrfhole" + secrets.token_hex(28)
OWN = "ownhole" + secrets.token_hex(28)  # where a keyed copy has the visitor's own string
PAGES_KEPT = 1024  # per process; each is one rendered page


def snapshot(seconds: float) -> Callable:
    """Marks a view whose visitor page may be served from a copy up to `seconds` old. Only for
    views whose page for a visitor depends on nothing but the path."""

    def mark(view):
        view.snapshot_seconds = seconds
        return view

    return mark


def csrf_hole(request: HttpRequest) -> dict:
    """Context processor: while a snapshot is taken, forms carry the hole instead of a token."""
    return {"csrf_token": HOLE} if getattr(request, "snapshot_taking", False) else {}


@dataclass(frozen=True)
class Page:
    expires: float
    status: int
    headers: tuple[tuple[str, str], ...]
    parts: tuple[bytes, ...]  # the body split at the holes

    @classmethod
    def of(cls, response: HttpResponse, expires: float) -> "Page | None":
        """A copy of a page every visitor may be given, or None for anything else."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() != "content-length"
        )
        return cls(expires, 200, headers, tuple(response.content.split(HOLE.encode())))


@lru_cache(maxsize=4096)
def _canonical(path: str, language: str) -> bool:
    """Whether `path` is the one spelling of its page (in the active `language`, the key)."""
    route = route_of(path, language)
    return reverse(route.view_name, args=route.args, kwargs=route.kwargs) == path


def _token_filled(request: HttpRequest, body: bytes) -> bytes:
    """`body` with the visitor's own CSRF token where the holes are (a token is only made, and
    the cookie only marked to be set, if there is a hole)."""
    hole = HOLE.encode()
    return body.replace(hole, csrf_token(request).encode()) if hole in body else body


def _clock() -> float:
    return time.monotonic()


class PageSnapshots:
    def __init__(self, get_response):
        self.get_response = get_response
        self.lean = LeanStack(get_response)
        self.pages: dict[str, Page] = {}
        self.renewing: set[str] = set()
        self.lock = threading.Lock()
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = self._seconds(request)
        if not seconds:
            return self.get_response(request)
        path, now = request.path_info, _clock()
        page = self.pages.get(path)
        if page is None or page.expires <= now:
            # One thread of the process renews an expired page; the others meanwhile serve the
            # copy there is rather than all render it at once.
            claimed = self._renewal_claimed(path)
            if page is None or claimed:
                request.snapshot_taking = True
                try:
                    response = self.get_response(request)
                finally:
                    request.snapshot_taking = False
                    if claimed:
                        self._renewal_done(path)
                page = Page.of(response, now + seconds)
                if page is None:
                    # Not a page to keep (it is gone, or failed): no visitor gets the old copy.
                    self._forget(path)
                    return self._fill(request, response)
                self._keep(path, page)
        self.lean.csrf.process_request(request)
        # A page without a form makes no token, and so sets no cookie: a proxy may keep it.
        body = (
            csrf_token(request).encode().join(page.parts) if len(page.parts) > 1 else page.parts[0]
        )
        response = HttpResponse(body, status=page.status)
        for name, value in page.headers:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(response.content))
        return self.lean.csrf.process_response(request, response)

    def _seconds(self, request: HttpRequest) -> float:
        if (
            settings.HEARD_PAGE_CACHE_SECONDS <= 0
            or request.method != "GET"
            or request.META.get("QUERY_STRING")
            or request.path_info.startswith(self.static_prefix)
        ):
            return 0
        route = self.lean.visitor_route(request)
        seconds = getattr(route.func, "snapshot_seconds", 0) if route else 0
        if seconds and not _canonical(request.path_info, translation.get_language()):
            return 0  # /appeals/007/ is the page of /appeals/7/, but not kept a second time
        return seconds

    def _renewal_claimed(self, path: str) -> bool:
        with self.lock:
            if path in self.renewing:
                return False
            self.renewing.add(path)
            return True

    def _renewal_done(self, path: str) -> None:
        with self.lock:
            self.renewing.discard(path)

    def _forget(self, path: str) -> None:
        with self.lock:
            self.pages.pop(path, None)

    def _fill(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """A page not kept (an error page, say) still gets a real token where the hole is."""
        if not response.streaming and HOLE.encode() in response.content:
            response.content = _token_filled(request, response.content)
            response.headers["Content-Length"] = str(len(response.content))
            self.lean.csrf.process_response(request, response)
        return response

    def _keep(self, path: str, page: Page) -> None:
        with self.lock:
            if len(self.pages) >= PAGES_KEPT:
                now = _clock()
                kept = [(key, old) for key, old in self.pages.items() if old.expires > now]
                # Still full: the half taken longest ago goes (dicts keep insertion order).
                self.pages = dict(kept[len(kept) // 2 :] if len(kept) >= PAGES_KEPT else kept)
            self.pages.pop(path, None)
            self.pages[path] = page


class KeyedCopies:
    """Rendered pages kept by a key of the values they were rendered from, for visitors.

    `answer(request, key, own, render)` gives the page `render()` would give, from a copy when
    one is kept under `key`: the view must put into `key` everything the page shows but `own` —
    a string of this visitor's own, such as a link's id and token, which every copy holds as a
    hole — and the CSRF token. A copy is only kept if `own` is the only trace of the visitor in
    it (checked: `secret`, which `own` contains, must not appear in the copy), so one visitor's
    link can never reach another. Copies never go stale, as the key holds what they show; at
    most `kept` are kept, the older half going when full. Off for staff, visitors with a message
    waiting, query strings, and when HEARD_PAGE_CACHE_SECONDS is 0."""

    def __init__(self, kept: int = PAGES_KEPT):
        self.kept = kept
        self.pages: dict[tuple, tuple[str, bytes]] = {}
        self.lock = threading.Lock()

    def answer(
        self, request: HttpRequest, key: tuple, own: str, secret: str, render: Callable
    ) -> HttpResponse:
        if (
            settings.HEARD_PAGE_CACHE_SECONDS <= 0
            or request.META.get("QUERY_STRING")
            or not is_visitor(request)
        ):
            return render()
        copy = self.pages.get(key)
        if copy is None:
            request.snapshot_taking = True
            try:
                response = render()
            finally:
                request.snapshot_taking = False
            body = response.content.replace(own.encode(), OWN.encode())
            if response.status_code != 200 or response.cookies or secret.encode() in body:
                return self._filled(request, response.content, response, own)
            copy = (response["Content-Type"], body)
            self._keep(key, copy)
        content_type, body = copy
        return self._filled(request, body, HttpResponse(content_type=content_type), own)

    def _filled(self, request, body: bytes, response: HttpResponse, own: str) -> HttpResponse:
        response.content = _token_filled(request, body.replace(OWN.encode(), own.encode()))
        return response

    def _keep(self, key: tuple, copy: tuple[str, bytes]) -> None:
        with self.lock:
            if len(self.pages) >= self.kept:
                kept = list(self.pages.items())
                self.pages = dict(kept[len(kept) // 2 :])
            self.pages[key] = copy
