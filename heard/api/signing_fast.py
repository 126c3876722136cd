"""The API's signing endpoint without the rest of the middleware stack.

In a spike nearly every request is a signature, and for it sessions, messages, authentication,
CSRF (the API takes no cookies), URL resolution and Django Ninja's dispatch cost more CPU than the
signing itself (decision 0401). This middleware sits right after SecurityMiddleware, so HTTPS
redirects and security headers still apply, and answers a well-formed signing request with the
same function the Ninja endpoint calls. Anything else — a host not allowed, a body that is not
JSON or fails validation — goes down the normal path, which answers it like every other API
error; the endpoint stays in the OpenAPI schema as the one description of the contract.
"""

import re

import pydantic
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from ninja import Status

from heard.api.appeals import signature_accept
from heard.api.language import api_language
from heard.api.schemas import SignatureIn
from heard.api.urls import unavailable
from heard.core.lean import LeanStack

# The route the Ninja router declares for `signature_create`; ASCII digits only, as its int path.
SIGNING_PATH = re.compile(r"/api/v1/appeals/([0-9]{1,18})/signatures")


class SigningFastPath:
    def __init__(self, get_response):
        self.get_response = get_response
        self.stack = LeanStack(get_response)

    def __call__(self, request: HttpRequest):
        match = request.method == "POST" and SIGNING_PATH.fullmatch(request.path_info)
        if not match or request.content_type != "application/json":
            return self.get_response(request)
        try:
            request.get_host()
            payload = SignatureIn.model_validate_json(request.body)
        except (DisallowedHost, pydantic.ValidationError, ValueError):
            return self.get_response(request)
        language = request.LANGUAGE_CODE = api_language(request)
        with translation.override(language):
            try:
                answer = signature_accept(request=request, appeal_id=int(match[1]), payload=payload)
            except (OperationalError, InterfaceError):
                answer = Status(503, unavailable())
            response = JsonResponse(
                answer.value,
                status=answer.status_code,
                content_type="application/json; charset=utf-8",
            )
            # The headers the skipped middleware adds, by its own steps (Content-Language is
            # read from the active language).
            return self.stack.finish(request, response)
