"""The answers of the input-cleaning layer, in each part of the site's own error shape."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation

API_PREFIX = "/api/"
OPEN311_PREFIX = "/open311/"


@dataclass(frozen=True)
class Rejection:
    status: int  # 400 or 415
    code: str  # machine-readable, as in the API's {"code", "detail"}
    reason: object  # a lazy translation, made a string in the caller's language
    params: dict | None = None  # filled into the reason once it is translated


def rejection_answer(request: HttpRequest, rejection: Rejection) -> HttpResponse:
    """JSON for the API ({"code", "detail"}) and for Open311 ([{"code", "description"}], its
    standard's shape); a small page in the visitor's language anywhere else. This runs before
    LocaleMiddleware, so the language is read here as each part reads it: the API's from the
    request (heard.api.language), the pages' from the path."""
    path = request.path_info
    is_api = path.startswith((API_PREFIX, OPEN311_PREFIX))
    language = translation.get_language_from_request(request, check_path=not is_api)
    with translation.override(language):
        reason = str(rejection.reason)
        if rejection.params:
            reason %= rejection.params
        if path.startswith(API_PREFIX):
            response = JsonResponse({"code": rejection.code, "detail": reason})
        elif is_api:
            # Open311's own error list, in XML on its .xml routes (heard.api.open311_formats).
            from heard.api.open311_formats import error

            response = error(request, rejection.status, reason)
        else:
            response = HttpResponse(
                render_to_string(
                    "core/input_rejected.html",
                    {"reason": reason, "status": rejection.status, "language": language},
                )
            )
    response.status_code = rejection.status
    response["Content-Language"] = language
    return response
