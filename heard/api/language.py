"""The API answers in the language its caller asks for.

The site's pages take their language from the path (`/en/...`; no prefix is the default
language), which is what LocaleMiddleware does for every path when `i18n_patterns` is used with
`prefix_default_language=False` — including `/api/`, which has no prefix to give. An API client
cannot put a language in the path, so for the API and Open311 the language comes from the
request instead (the language cookie, then Accept-Language, then the default), on the normal
stack and on the hot routes' stack alike (decision 0404).
"""

from django.http import HttpRequest
from django.utils import translation

API_PREFIXES = ("/api/", "/open311/")


def api_language(request: HttpRequest) -> str:
    return translation.get_language_from_request(request)


class ApiLanguageMiddleware:
    """After LocaleMiddleware: for API paths, the language the request asks for replaces the
    default that LocaleMiddleware chose from the path; its response step then labels the answer
    with it (Content-Language; Vary: Accept-Language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info.startswith(API_PREFIXES):
            request.LANGUAGE_CODE = api_language(request)
            translation.activate(request.LANGUAGE_CODE)
        return self.get_response(request)
