"""System checks: the hot routes' declared stack (core/hot_stack.py), the client IP header."""

from django.conf import settings
from django.core import checks


@checks.register
def hot_stack_declared(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """HEARD_HOT_MIDDLEWARE must be MIDDLEWARE minus exactly HEARD_HOT_LEFT_OUT, in order, each
    left-out entry with its reason: a middleware added to the site's stack and forgotten in the
    hot one would silently never run on the busiest routes (decision 0531)."""
    left_out = settings.HEARD_HOT_LEFT_OUT
    expected = [name for name in settings.MIDDLEWARE if name not in left_out]
    problems = []
    if expected != settings.HEARD_HOT_MIDDLEWARE:
        problems.append(
            f"HEARD_HOT_MIDDLEWARE is {settings.HEARD_HOT_MIDDLEWARE}, but MIDDLEWARE minus "
            f"HEARD_HOT_LEFT_OUT is {expected}."
        )
    problems += [
        f"HEARD_HOT_LEFT_OUT names {name}, which is not in MIDDLEWARE."
        for name in left_out
        if name not in settings.MIDDLEWARE
    ]
    problems += [
        f"HEARD_HOT_LEFT_OUT gives no reason for leaving out {name}."
        for name, reason in left_out.items()
        if not str(reason).strip()
    ]
    if settings.CSRF_USE_SESSIONS:
        problems.append("CSRF_USE_SESSIONS is set, but the hot stack has no session.")
    return [
        checks.Error(
            problem,
            hint="Add the middleware to HEARD_HOT_MIDDLEWARE at the same place, or to "
            "HEARD_HOT_LEFT_OUT with the reason the hot routes never need it "
            "(heard/config/settings/base.py).",
            id="heard.core.E001",
        )
        for problem in problems
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
