"""Production: PostgreSQL, SMTP, HTTPS; refuses to start without values lacking a safe default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

# HEARD_SIGNER_KEY: signers' e-mails must not be readable by whoever has only the secret key.
for required in (
    "HEARD_SECRET_KEY",
    "DATABASE_URL",
    "HEARD_ALLOWED_HOSTS",
    "HEARD_SITE_URL",
    "HEARD_SIGNER_KEY",
):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in production")

DEBUG = False
WHITENOISE_USE_FINDERS = False
EMAIL_BACKEND = os.environ.get("HEARD_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("HEARD_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("HEARD_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# --- logins (issue 12) ---
HEARD_OTP_REQUIRED_FOR_ADMINS = env_bool("HEARD_OTP_REQUIRED_FOR_ADMINS", True)
