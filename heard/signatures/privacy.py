"""Signers' personal data at rest: e-mails encrypted with a key from the environment, IP addresses
kept only as salted hashes.

HEARD_SIGNER_KEY holds one or more Fernet keys (comma-separated, newest first, so keys can be
rotated). Without it the embedded mode derives a key from SECRET_KEY: convenient for a demo, but
whoever has the settings can then read the e-mails; production should set its own key.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

FERNET_PREFIX = "gAAAA"


@functools.cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = hashlib.sha256(("heard-signer-key:" + secret_key).encode()).digest()
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet_key_valid(key: str) -> bool:
    """Whether `key` is one HEARD_SIGNER_KEY entry as `_fernet` reads it (the system check)."""
    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        return False
    return True


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.HEARD_SIGNER_KEYS), settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(value: str) -> str:
    if not value or not value.startswith(FERNET_PREFIX):
        return value  # empty (anonymised) or written before encryption existed
    try:
        return fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return ""  # a key that is no longer configured: the address is unreadable, not an error


def _keyed(purpose: str, secret: str) -> bytes:
    return hashlib.sha256(f"heard-{purpose}:{secret}".encode()).digest()


def ip_digest(ip: str) -> str:
    if not ip:
        return ""
    key = _keyed("ip", settings.HEARD_IP_SALT or settings.SECRET_KEY)
    return hmac.new(key, ip.strip().lower().encode(), hashlib.sha256).hexdigest()


class EncryptedEmailField(models.TextField):
    """A text column that holds the Fernet token; Python code sees the plain address."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value.startswith(FERNET_PREFIX):
            return value
        return encrypt(value)


def client_ip(request) -> str:
    """The signer's address as the fraud rules see it (hashed before it is stored)."""
    header = settings.HEARD_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]
