"""A page every visitor gets alike, rendered once a while per process and copied to the others.

In a spike nearly every request is a visitor opening the same appeal's page, or "check your
e-mail" after signing, or their link's page; rendering one through the template engine costs
several times what the rest of the request does (docs/benchmarks.md). For a visitor (no session,
no message waiting, no query string) `PageCopies.answer` renders the page with a hole where the
CSRF token goes and keeps it; each visitor's answer fills in a token from Django's own
`get_token`, so CsrfViewMiddleware sets the cookie as for any page (decisions 0403, 0531).

A copy is kept for `seconds` (the appeal page's 1 s, "check your e-mail"'s 60 s), or, with
`seconds=None`, for as long as its key, which must then name everything the page shows (the
signer's link page: the appeal's title and state, the signature's state as shown); the link's own
id and token (`own`) are a second hole, and a page in which the link's `secret` still appears
elsewhere is given but not kept, so one signer's link never reaches another.
HEARD_PAGE_CACHE_SECONDS = 0 turns copies off.
"""

import secrets
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from heard.core.hot_stack import is_visitor

# What the page's {% csrf_token %} renders while a copy is taken, and where a keyed copy has the
# visitor's own link: letters and digits (no escaping changes them), drawn when the process
# starts, so no appeal text can contain them.
HOLE = "csrfhole" + secrets.token_hex(28)
OWN = "ownhole" + secrets.token_hex(28)
PAGES_KEPT = 1024  # per PageCopies and process; each is one rendered page

_every: "weakref.WeakSet[PageCopies]" = weakref.WeakSet()


@dataclass(frozen=True)
class Copy:
    expires: float
    content_type: str
    parts: tuple[bytes, ...]  # the body split at the token's holes


def _clock() -> float:
    return time.monotonic()


def copies_clear() -> None:
    """Forget every copy of this process (tests, between one and the next)."""
    for copies in list(_every):
        copies.pages.clear()


class PageCopies:
    def __init__(self, seconds: float | None, kept: int = PAGES_KEPT):
        self.seconds, self.kept = seconds, kept
        self.pages: dict[object, Copy] = {}
        self.renewing: set[object] = set()
        self.lock = threading.Lock()
        _every.add(self)

    def answer(
        self,
        request: HttpRequest,
        key: object,
        render: Callable[[dict], HttpResponse],
        *,
        own: str = "",
        secret: str = "",
    ) -> HttpResponse:
        """The page `render({})` gives, for a visitor from a copy. `render(extra)` renders the
        page with `extra` added to its template context (the token's hole, to take a copy)."""
        if (
            settings.HEARD_PAGE_CACHE_SECONDS <= 0
            or request.META.get("QUERY_STRING")
            or not is_visitor(request)
        ):
            return render({})
        now = _clock()
        copy = self.pages.get(key)
        if copy is None or (copy.expires <= now and self._renewal_claimed(key)):
            try:
                response = render({"csrf_token": HOLE})
            except Exception:
                self._forget(key)  # a 404 now, say: no visitor gets the old copy
                raise
            finally:
                self._renewal_done(key)
            body = b"" if response.streaming else response.content
            body = body.replace(own.encode(), OWN.encode()) if own else body
            if (
                response.status_code != 200
                or response.streaming
                or response.cookies
                or (secret and secret.encode() in body)  # the link is in it elsewhere too
            ):
                self._forget(key)  # not a page to keep: gone now, refused, failed
                return self._given(request, response)
            expires = now + self.seconds if self.seconds is not None else float("inf")
            copy = Copy(expires, response["Content-Type"], tuple(body.split(HOLE.encode())))
            self._keep(key, copy)
        body = self._filled(request, copy.parts)
        body = body.replace(OWN.encode(), own.encode()) if own else body
        return HttpResponse(body, content_type=copy.content_type)

    def _given(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """A page given as rendered, with a real token where the hole is."""
        if not response.streaming:
            response.content = self._filled(request, response.content.split(HOLE.encode()))
        return response

    def _filled(self, request: HttpRequest, parts: list | tuple) -> bytes:
        # A page without a form makes no token, so it sets no cookie and a proxy may keep it.
        return get_token(request).encode().join(parts) if len(parts) > 1 else parts[0]

    def _renewal_claimed(self, key: object) -> bool:
        """One thread renews an expired copy; the others meanwhile serve the one there is."""
        with self.lock:
            if key in self.renewing:
                return False
            self.renewing.add(key)
            return True

    def _renewal_done(self, key: object) -> None:
        with self.lock:
            self.renewing.discard(key)

    def _forget(self, key: object) -> None:
        with self.lock:
            self.pages.pop(key, None)

    def _keep(self, key: object, copy: Copy) -> None:
        with self.lock:
            if len(self.pages) >= self.kept:
                # Full: the half taken longest ago goes (dicts keep insertion order).
                kept = list(self.pages.items())
                self.pages = dict(kept[len(kept) // 2 :])
            self.pages.pop(key, None)
            self.pages[key] = copy
