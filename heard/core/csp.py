"""django-csp's middleware with the site's policy built once per process (decision 0570).

django-csp builds the Content-Security-Policy header anew for every answer: two dataclass
copies and two passes over every directive, about a tenth of the CPU of an API signature.
The policy depends only on the settings unless an answer tailors it — a view's `csp_update`,
`csp_replace` or exemption, or a page that used `request.csp_nonce` — so an answer that does
not is given the header built once (and again after `override_settings`); one that does takes
the library's own path, unchanged. tests/core/test_csp.py compares both with the library.
"""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# What a view or decorator sets on an answer to change or drop its policy (csp.decorators).
TAILORING = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@cache
def site_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, excluded path prefixes) for the enforced and the report-only policy,
    as the library builds them from the settings alone."""
    policies = []
    for header, setting, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        policy = build_policy(report_only=report_only)
        prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if policy:
            policies.append((header, policy, tuple(prefixes)))
    return tuple(policies)


@receiver(setting_changed)
def _policies_forget(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        site_policies.cache_clear()


class CSPMiddleware(LibraryCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        tailored = getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in TAILORING
        )
        if tailored or settings.DEBUG:
            return super().process_response(request, response)
        for header, policy, excluded in site_policies():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # As the library does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
