"""The only trace a verified identity leaves: a keyed hash of (issuer, subject).

Without the key (derived from SECRET_KEY) the hash cannot be tested against a guessed person; it
is stored where a signature's e-mail digest is, so the signatures' own one-per-appeal rule,
revival and retention apply to it unchanged (decision 0545)."""

import base64
import hashlib
import hmac

from django.conf import settings

from heard.signatures.signing_rules import VERIFIED_DIGEST_PREFIX

# Never produced by signatures.emails.email_digest (64 hex digits), so the two cannot collide;
# the signing rules know a verified signature by it (no link to mail).
PREFIX = VERIFIED_DIGEST_PREFIX


def identity_digest(*, issuer: str, subject: str) -> str:
    key = hashlib.sha256(("heard-identity-digest:" + settings.SECRET_KEY).encode()).digest()
    message = f"{issuer.rstrip('/')}\n{subject}".encode()
    mac = hmac.new(key, message, hashlib.sha256).digest()
    return PREFIX + base64.urlsafe_b64encode(mac).decode().rstrip("=")
