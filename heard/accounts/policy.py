"""Who must use a second factor, and whose sessions are held to the staff time limits."""

from django.conf import settings

from heard.offices import rules


def is_staff_account(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser) or rules.is_staff_member(user)


def otp_required(user) -> bool:
    """Administrators, and anyone who may open the Django admin, need TOTP if the setting is on."""
    if not settings.HEARD_OTP_REQUIRED_FOR_ADMINS or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser) or rules.is_administrator(user)
