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
