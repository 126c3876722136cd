"""Staff sessions end after HEARD_STAFF_SESSION_IDLE_SECONDS without a request, and
HEARD_STAFF_SESSION_MAX_SECONDS after the log-in, whatever happens in between."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from heard.accounts.policy import is_staff_account
from heard.core import clock

LOGGED_IN_AT = "heard_logged_in_at"
SEEN_AT = "heard_seen_at"


@receiver(user_logged_in, dispatch_uid="heard.accounts.session_start")
def _session_start(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = clock.now().timestamp()
        request.session[LOGGED_IN_AT] = now
        request.session[SEEN_AT] = now


def has_session_cookie(request) -> bool:
    """Without one nobody is logged in; asking would only touch the session and add
    `Vary: Cookie` to pages that are the same for every visitor."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def session_expired(session, *, now: float) -> bool:
    logged_in_at = session.get(LOGGED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if logged_in_at is None or seen_at is None:
        return True  # a session from before the limits existed: log in again
    return (
        now - seen_at > settings.HEARD_STAFF_SESSION_IDLE_SECONDS
        or now - logged_in_at > settings.HEARD_STAFF_SESSION_MAX_SECONDS
    )


class StaffSessionExpiry:
    """Logs an expired staff session out before the view runs; the view then sees an anonymous
    visitor and sends them to log in as it would anyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None) if has_session_cookie(request) else None
        if user is not None and is_staff_account(user):
            now = clock.now().timestamp()
            if session_expired(request.session, now=now):
                logout(request)
            elif now - request.session[SEEN_AT] >= 30:
                # Written at most every 30 seconds: a page's burst of requests saves once.
                request.session[SEEN_AT] = now
        return self.get_response(request)
