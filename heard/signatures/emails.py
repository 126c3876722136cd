"""E-mail addresses: normalisation for the one-signature-per-person rule, and the keyed digest."""

import hashlib
import hmac

from django.conf import settings


def email_normalise(email: str) -> str:
    return email.strip().lower()


def email_digest(email: str) -> str:
    key = hashlib.sha256(("heard-email-digest:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, email_normalise(email).encode(), hashlib.sha256).hexdigest()
