from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def otp_required_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.HEARD_OTP_REQUIRED_FOR_ADMINS:
        return []
    return [
        checks.Warning(
            "Administrators can log in with a password alone.",
            hint="Set HEARD_OTP_REQUIRED_FOR_ADMINS=1 (production.py does unless told otherwise).",
            id="heard.accounts.W001",
        )
    ]
