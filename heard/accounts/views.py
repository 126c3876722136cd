"""Staff log-in with the second factor, and the two-step page (enrol, verify, disable)."""


from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device

from heard.accounts import two_step
from heard.accounts.forms import PasswordConfirmForm, StaffLoginForm, TokenForm
from heard.accounts.lockout import lockout_response
from heard.accounts.policy import otp_required
from heard.core.access import permission_first
from heard.core.errors import DomainError


class StaffLoginView(auth_views.LoginView):
    form_class = StaffLoginForm
    template_name = "offices/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


@permission_first("accounts.staff_account", login_url="offices:login")
@require_http_methods(["GET", "POST"])
def two_step_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = two_step.totp_device_confirmed(user=user)
    if device is not None and not user.is_verified():
        # A session opened with the password alone must not turn the second factor off.
        return redirect(f"{reverse('accounts:two_step_verify')}?next={request.path}")
    token_form = TokenForm(request.POST if request.POST.get("action") == "confirm" else None)
    password_form = PasswordConfirmForm(
        request.POST if request.POST.get("action") == "disable" else None
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if device is None and token_form.is_valid():
                device = two_step.totp_enrolment_confirm(
                    user=user, token=token_form.cleaned_data["otp_token"]
                )
                otp_login(request, device)
                messages.success(request, _("Two-step log-in is on."))
                return redirect(_next(request, request.path))
            if device is not None and password_form.is_valid():
                two_step.totp_disable(user=user, password=password_form.cleaned_data["password"])
                messages.success(request, _("Two-step log-in is off."))
                return redirect(request.path)
        except DomainError as error:
            (token_form if device is None else password_form).add_error(None, error.message)
    context = {
        "device": device,
        "required": otp_required(user),
        "token_form": token_form,
        "password_form": password_form,
        "next": _next(request, ""),
    }
    if device is None:
        pending = two_step.totp_enrolment_start(user=user)
        context |= {
            "qr_svg": two_step.totp_qr_svg(pending),
            "secret": two_step.totp_secret_text(pending),
        }
    return render(request, "accounts/two_step.html", context, status=status)


@permission_first("accounts.staff_account", login_url="offices:login")
@require_http_methods(["GET", "POST"])
def two_step_verify(request: HttpRequest) -> HttpResponse:
    """The code for a session that has only the password (e.g. after the admin's log-in page)."""
    user = request.user
    if not user_has_device(user):
        return redirect("accounts:two_step")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        device = two_step.totp_verify(user=user, token=form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request, "offices:dashboard"))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error("otp_token", _("This code is not the current one. Try the next code."))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "next": _next(request, "")}
    return render(request, "accounts/two_step_verify.html", context, status=status)
