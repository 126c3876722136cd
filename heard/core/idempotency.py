"""`Idempotency-Key` on the API's writes: a client that retries a POST with the same key gets
the first answer again, and nothing is created twice (the IETF draft "The Idempotency-Key HTTP
Header Field", as Stripe and others use it).

A middleware, so that it wraps whatever serves the route (the v1 API, Open311, the signing fast
path) the same way. The first request with a key claims it (a row with status 0) before the view
runs; a concurrent duplicate gets 409; the answer (2xx–4xx) is stored with a hash of the request,
so the same key with another body is a 422. A 5xx frees the key: the retry runs again. Keys are
scoped to the caller (API key, or IP hash) and kept for HEARD_IDEMPOTENCY_HOURS."""

import hashlib
import re
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException

from heard.core import clock
from heard.core.models import IdempotentResponse
from heard.signatures.privacy import decrypt, encrypt

HEADER = "Idempotency-Key"
HEADER_META = "HTTP_IDEMPOTENCY_KEY"
REPLAYED_HEADERS = ("Cache-Control", "Vary", "Retry-After", "Location", "Link")
KEY_SHAPE = re.compile(r"^[\x21-\x7e]{1,255}$")
IN_PROGRESS = 0


def _covered(request: HttpRequest) -> bool:
    return request.method == "POST" and any(
        request.path.startswith(prefix) for prefix in settings.HEARD_IDEMPOTENT_PATHS
    )


def _scope(request: HttpRequest) -> str:
    from heard.core.limits import request_ip_hash

    api_key = request.headers.get("X-Api-Key", "")
    if not api_key and request.content_type == "application/x-www-form-urlencoded":
        api_key = request.POST.get("api_key", "")
    who = f"key:{api_key}" if api_key else f"ip:{request_ip_hash(request)}"
    return hashlib.sha256(who.encode()).hexdigest()


def _content(request: HttpRequest) -> bytes:
    """The body, or, for a multipart form an earlier layer has already parsed, its fields."""
    try:
        return request.body
    except RawPostDataException:
        return urlencode(sorted(request.POST.lists()), doseq=True).encode()


def _error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # From META: `request.headers` builds a dict of every header, for every request.
        key = request.META.get(HEADER_META)
        if key is None or not _covered(request):
            return self.get_response(request)
        if not KEY_SHAPE.match(key):
            return _error(
                400,
                "invalid_idempotency_key",
                "Idempotency-Key: 1 to 255 visible ASCII characters.",
            )
        scoped = hashlib.sha256(f"{_scope(request)}:{key}".encode()).hexdigest()
        fingerprint = hashlib.sha256(
            request.method.encode() + request.path.encode() + b"\n" + _content(request)
        ).hexdigest()
        stored = IdempotentResponse.objects.filter(key=scoped).first()
        if stored is not None:
            return self._replay(stored, fingerprint)
        try:
            with transaction.atomic():
                stored = IdempotentResponse.objects.create(
                    key=scoped, fingerprint=fingerprint, status=IN_PROGRESS, created_at=clock.now()
                )
        except IntegrityError:
            return _error(409, "idempotency_key_in_use", "A request with this key is in progress.")
        response = self.get_response(request)
        if response.status_code >= 500 or getattr(response, "streaming", False):
            stored.delete()
            return response
        stored.status = response.status_code
        stored.content_type = response.get("Content-Type", "")[:100]
        stored.body = encrypt(response.content.decode("utf-8", "replace"))
        stored.headers = {name: response[name] for name in REPLAYED_HEADERS if name in response}
        stored.save(update_fields=["status", "content_type", "body", "headers"])
        return response

    @staticmethod
    def _replay(stored: IdempotentResponse, fingerprint: str) -> HttpResponse:
        if stored.fingerprint != fingerprint:
            return _error(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was used with a different request.",
            )
        if stored.status == IN_PROGRESS:
            return _error(409, "idempotency_key_in_use", "A request with this key is in progress.")
        body = decrypt(stored.body) if stored.body else ""
        response = HttpResponse(body, status=stored.status, content_type=stored.content_type)
        for name, value in stored.headers.items():
            response[name] = value
        response["Idempotent-Replayed"] = "true"
        return response


def idempotent_responses_purge() -> int:
    cutoff = clock.now() - timedelta(hours=settings.HEARD_IDEMPOTENCY_HOURS)
    deleted, _by_model = IdempotentResponse.objects.filter(created_at__lt=cutoff).delete()
    return deleted
