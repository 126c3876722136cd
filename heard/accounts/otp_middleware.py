"""Second factor for the Django admin and the staff pages, enforced here so that the admin site
class stays Django's own: a password alone never opens them for someone who has (or must have)
a TOTP device."""

import re
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from heard.accounts.policy import is_staff_account, otp_required
from heard.accounts.sessions import has_session_cookie

# Pages a half-logged-in person must still reach: to log in or out, and to enrol or verify.
OPEN_URL_NAMES = {
    "admin:login",
    "admin:logout",
    "offices:login",
    "offices:logout",
    "accounts:two_step",
    "accounts:two_step_verify",
    "javascript-catalog",
}

STAFF_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?staff/")


def _guarded(request) -> bool:
    match = request.resolver_match
    if match is None or match.view_name in OPEN_URL_NAMES:
        return False
    return match.namespace == "admin" or STAFF_PATH.match(request.path_info) is not None


class OTPEnforcement:
    """Runs as a view middleware, once the URL is resolved (after django_otp's OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None) if has_session_cookie(request) else None
        if user is None or not is_staff_account(user) or user.is_verified():
            return None
        if not _guarded(request):
            return None
        query = urlencode({"next": request.get_full_path()})
        if user_has_device(user):
            return HttpResponseRedirect(f"{reverse('accounts:two_step_verify')}?{query}")
        if otp_required(user):
            return HttpResponseRedirect(f"{reverse('accounts:two_step')}?{query}")
        return None
