"""A system check that keeps `<int:` out of the URLs (see converters.py)."""

from django.core import checks
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter

THIRD_PARTY = ("django.", "django_otp", "axes", "ninja")


def _int_routes(patterns, prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        converters = getattr(pattern.pattern, "converters", {})
        # Not a third-party admin's pages (django-otp's): those are its own to bound.
        module = getattr(getattr(pattern, "callback", None), "__module__", "") or ""
        ours = not module.startswith(THIRD_PARTY)
        if ours and any(type(converter) is IntConverter for converter in converters.values()):
            found.append(route)
        if isinstance(pattern, URLResolver):
            found.extend(_int_routes(pattern.url_patterns, route))
    return found


@checks.register(checks.Tags.urls)
def urls_use_bounded_ids(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"The URL {route!r} uses the int converter, which lets ids overflow the database.",
            hint="Use <id:...> (heard.core.cleaning.converters) instead of <int:...>.",
            id="heard.core.E002",
        )
        for route in _int_routes(get_resolver().url_patterns)
    ]
