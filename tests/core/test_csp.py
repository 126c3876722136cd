"""The site's CSP middleware (heard/core/csp.py) answers exactly as django-csp's own would: the
policy built once per process for an answer nothing tailors, the library's path otherwise."""

import pytest
from csp.constants import NONE, SELF
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from heard.core.csp import CSPMiddleware

POLICY_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def plain(request):
    return HttpResponse("plain")


@csp_update({"frame-src": ["https://video.example.org"]})
def updated(request):
    return HttpResponse("updated")


@csp_replace({"frame-ancestors": ["*"]})
def replaced(request):
    return HttpResponse("replaced")


@csp_exempt()
def exempt(request):
    return HttpResponse("exempt")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def answers(view, path="/appeals/1/"):
    """The policy headers of the same request through the site's and the library's middleware."""
    seen = []
    for middleware in (CSPMiddleware, LibraryCSPMiddleware):
        request = RequestFactory().get(path)
        response = middleware(view)(request)
        seen.append({name: response.get(name) for name in POLICY_HEADERS})
    return seen


@pytest.mark.parametrize("view", [plain, updated, replaced, exempt, with_nonce])
def test_the_headers_are_the_librarys(view):
    ours, library = answers(view)

    assert ours == library


def test_an_untailored_answer_carries_the_sites_policy():
    ours, _library = answers(plain)

    assert "script-src 'self'" in ours["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in ours["Content-Security-Policy"]


def test_a_changed_setting_changes_the_policy(settings):
    answers(plain)  # built once with the site's settings
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [NONE]}}

    ours, library = answers(plain)

    assert ours == library == {
        "Content-Security-Policy": "default-src 'none'",
        "Content-Security-Policy-Report-Only": None,
    }


def test_report_only_and_excluded_prefixes_as_the_library(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": [SELF]},
        "EXCLUDE_URL_PREFIXES": ["/api/"],
    }

    assert answers(plain)[0] == answers(plain)[1]
    assert answers(plain, "/api/v1/regions")[0] == answers(plain, "/api/v1/regions")[1]
    assert answers(plain, "/api/v1/regions")[0]["Content-Security-Policy-Report-Only"] is None


def test_a_nonce_asked_for_after_the_header_is_an_error():
    request = RequestFactory().get("/")
    CSPMiddleware(plain)(request)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
