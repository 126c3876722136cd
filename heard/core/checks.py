"""System checks for what the fast paths (core/lean.py) take for granted."""

from django.conf import settings
from django.core import checks

# Each of these would need a part of the stack the visitor fast paths leave out: the session
# (CSRF_USE_SESSIONS), or CommonMiddleware's request step (DISALLOWED_USER_AGENTS, PREPEND_WWW).
UNSUPPORTED = {
    "CSRF_USE_SESSIONS": "the CSRF secret must be in its cookie",
    "DISALLOWED_USER_AGENTS": "user agents are not checked on the fast paths",
    "PREPEND_WWW": "the fast paths do not redirect to www.",
}


@checks.register
def fast_paths_supported(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{name} is set, but {reason}.",
            hint="Leave it unset, or take heard.core.snapshots.PageSnapshots, "
            "heard.signatures.form_fast.SignFormFastPath and "
            "heard.signatures.form_fast.LinkFastPath out of MIDDLEWARE.",
            id="heard.core.E001",
        )
        for name, reason in UNSUPPORTED.items()
        if getattr(settings, name)
    ]


@checks.register(checks.Tags.security, deploy=True)
def client_ip_header_set(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Behind a proxy every visitor has the proxy's address: the per-IP limits (core/limits.py,
    signatures/store.py) would then hold nearly everyone's signatures and addresses."""
    if settings.DEBUG or settings.HEARD_CLIENT_IP_HEADER:
        return []
    return [
        checks.Warning(
            "HEARD_CLIENT_IP_HEADER is not set: every request's IP is REMOTE_ADDR.",
            hint="Behind a proxy or load balancer, set it to the header the proxy adds, e.g. "
            "HTTP_X_FORWARDED_FOR, or the per-IP limits will treat all visitors as one and "
            "hold their signatures and addresses for review; serving visitors directly, set it "
            "to REMOTE_ADDR.",
            id="heard.core.W002",
        )
    ]
