"""E-mail addresses: normalisation for the one-signature-per-person rule, and the keyed digest.

The digest is taken of the canonical mailbox: providers that ignore dots or +tags deliver
`v.e.r.a+x@gmail.com` to `vera@gmail.com`, so both must be the same signer.
"""

import hashlib
import hmac

from django.conf import settings

# domain -> (ignores dots in the local part, ignores "+tag", canonical domain)
PROVIDERS = {
    "gmail.com": (True, True, "gmail.com"),
    "googlemail.com": (True, True, "gmail.com"),
    "yandex.ru": (False, True, "yandex.ru"),
    "ya.ru": (False, True, "yandex.ru"),
    "yandex.com": (False, True, "yandex.ru"),
    "yandex.by": (False, True, "yandex.ru"),
    "yandex.kz": (False, True, "yandex.ru"),
    "yandex.ua": (False, True, "yandex.ru"),
    "outlook.com": (False, True, "outlook.com"),
    "hotmail.com": (False, True, "hotmail.com"),
    "icloud.com": (False, True, "icloud.com"),
    "me.com": (False, True, "icloud.com"),
    "fastmail.com": (False, True, "fastmail.com"),
    "proton.me": (False, True, "proton.me"),
    "protonmail.com": (False, True, "proton.me"),
}


def email_normalise(email: str) -> str:
    """The address as it is stored and mailed to: trimmed and lower-cased."""
    return email.strip().lower()


def email_domain(email: str) -> str:
    return email_normalise(email).rpartition("@")[2]


def email_canonical(email: str) -> str:
    """The mailbox an address is delivered to, for the duplicate check."""
    local, _at, domain = email_normalise(email).rpartition("@")
    ignores_dots, ignores_tags, canonical_domain = PROVIDERS.get(domain, (False, False, domain))
    if ignores_tags:
        local = local.split("+", 1)[0]
    if ignores_dots:
        local = local.replace(".", "")
    return f"{local}@{canonical_domain}"


def email_digest(email: str) -> str:
    key = hashlib.sha256(("heard-email-digest:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, email_canonical(email).encode(), hashlib.sha256).hexdigest()
