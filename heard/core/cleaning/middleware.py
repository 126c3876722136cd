"""InputCleaning: the one place where every request's input is checked against what the site can
store, before any form or API endpoint reads it (decision 0501)."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from heard.core.cleaning.answers import Rejection, rejection_answer
from heard.core.cleaning.rules import json_too_deep, json_unstorable, text_unstorable

UNSTORABLE = _(
    "The request contains a character that cannot be stored (a null or other control "
    "character). Remove it and try again."
)
WRITES = ("POST", "PUT", "PATCH")
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _path_rejection(request: HttpRequest) -> Rejection | None:
    if text_unstorable(request.path_info):
        return Rejection(400, "unstorable_character", UNSTORABLE)
    for key, values in request.GET.lists():
        if text_unstorable(key) or any(text_unstorable(value) for value in values):
            return Rejection(400, "unstorable_character", UNSTORABLE)
    return None


def _body_rejection(request: HttpRequest) -> Rejection | None:
    content_type = request.content_type
    # Only a request with a body: a PUT without one to a GET-only endpoint is the router's 405.
    has_body = request.META.get("CONTENT_LENGTH", "") not in ("", "0")
    json_only = request.path_info.startswith(tuple(settings.HEARD_JSON_ONLY_PATHS))
    if json_only and has_body and content_type != "application/json":
        return Rejection(415, "unsupported_media_type", _("Send the body as application/json."))
    if content_type == "application/json":
        body = request.body
        if json_too_deep(body, limit=settings.HEARD_JSON_MAX_DEPTH):
            reason = _("The JSON body nests deeper than %(limit)d levels.")
            return Rejection(400, "too_deep", reason, {"limit": settings.HEARD_JSON_MAX_DEPTH})
        if json_unstorable(body):
            return Rejection(400, "unstorable_character", UNSTORABLE)
    elif content_type in FORMS:
        for key, values in request.POST.lists():
            if text_unstorable(key) or any(text_unstorable(value) for value in values):
                return Rejection(400, "unstorable_character", UNSTORABLE)
    return None


class InputCleaning:
    """Right after SecurityMiddleware (and CSP's, which only adds a header): a 400 with a reason
    for unstorable characters in the path, the query string, form fields or a JSON body and for
    JSON nested past HEARD_JSON_MAX_DEPTH; a 415 for a write to HEARD_JSON_ONLY_PATHS that is
    not application/json (a page on another site can post text/plain without asking)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        rejection = _path_rejection(request)
        if rejection is None and request.method in WRITES:
            rejection = _body_rejection(request)
        if rejection is not None:
            return rejection_answer(request, rejection)
        return self.get_response(request)
