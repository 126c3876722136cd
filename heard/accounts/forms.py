from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from heard.accounts.two_step import totp_verify

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
)


class StaffLoginForm(AuthenticationForm):
    """Password and, for those who set up two-step log-in, the code, in one step: a wrong code
    gives the same answer as a wrong password and counts towards the lockout like one."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Only if you have set up two-step log-in."),
        required=False,
        max_length=12,
        widget=CODE_WIDGET,
    )
    error_messages = AuthenticationForm.error_messages | {
        "invalid_login": _(
            "Please enter a correct user name and password, and the current code if you have "
            "set up two-step log-in. Note that both fields may be case-sensitive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.otp_device = None

    def clean(self):
        cleaned = super().clean()
        user = self.user_cache
        if user is not None and user_has_device(user):
            self.otp_device = totp_verify(user=user, token=cleaned.get("otp_token", ""))
            if self.otp_device is None:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": cleaned.get("username")},
                    request=self.request,
                )
                self.user_cache = None
                raise self.get_invalid_login_error()
        return cleaned


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"), max_length=12, widget=CODE_WIDGET
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput, max_length=128, strip=False
    )
