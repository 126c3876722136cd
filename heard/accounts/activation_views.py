"""The link from the sign-up mail: a page with a button, so that a mail scanner opening the
link does not open the account."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from heard.accounts.signup import account_activate, activation_tokens
from heard.core.errors import DomainError


def _user(uidb64: str):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    if not 0 < pk < 2**63:
        return None
    return get_user_model().objects.filter(pk=pk).first()


@require_http_methods(["GET", "POST"])
def organisation_activate(request, uidb64: str, token: str):
    user = _user(uidb64)
    valid = user is not None and not user.is_active and activation_tokens.check_token(user, token)
    if not valid:
        return render(request, "accounts/activation_invalid.html", status=400)
    if request.method == "POST":
        try:
            account_activate(user=user, token=token)
        except DomainError:
            return render(request, "accounts/activation_invalid.html", status=400)
        messages.success(request, _("Your account is open. Log in with your e-mail address."))
        return redirect("addresses:organisation_login")
    return render(request, "accounts/activate.html")
