"""Fraud rules applied when signing, as the UK petitions service learned them: block and allow
lists, throwaway mailbox domains, and silent rate limits per IP hash and appeal (burst and
sustained). A signature they catch is stored as fraudulent, never counts and gets no e-mail; the
signer sees exactly what everyone else sees."""

import functools
import time
from pathlib import Path

from django.conf import settings

from heard.signatures.emails import email_digest, email_normalise
from heard.signatures.models import Signature, SignerRule
from heard.signatures.privacy import ip_digest

_rules: tuple[float, dict[tuple[str, str], str]] = (0.0, {})


def rule_value(*, kind: str, raw: str) -> str:
    """What a rule stores: the domain, or the same keyed hash the signatures carry."""
    raw = raw.strip()
    if kind == SignerRule.Kind.DOMAIN:
        return raw.lower().lstrip("@")
    if len(raw) == 64 and all(char in "0123456789abcdef" for char in raw):
        return raw  # a hash already, e.g. taken from a trend report
    return ip_digest(raw) if kind == SignerRule.Kind.IP else email_digest(email_normalise(raw))


def signer_rules() -> dict[tuple[str, str], str]:
    global _rules
    expires, rules = _rules
    if expires <= time.monotonic():
        rules = {
            (kind, value): action
            for kind, value, action in SignerRule.objects.values_list("kind", "value", "action")
        }
        _rules = (time.monotonic() + settings.HEARD_FRAUD_RULES_CACHE_SECONDS, rules)
    return rules


@functools.cache
def _disposable_from(path: str) -> frozenset[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and line[0] != "#")


def disposable_domains() -> frozenset[str]:
    extra = {domain.lower() for domain in settings.HEARD_DISPOSABLE_DOMAINS}
    return _disposable_from(str(settings.HEARD_DISPOSABLE_DOMAINS_FILE)) | extra


def listed_status(*, email: str, digest: str, ip_hash: str) -> tuple[str, bool]:
    """What the block/allow lists and the throwaway-domain list make of a new signature, and
    whether the rate limits still apply to it (not to an allow-listed signer). The rate limits
    themselves are counted in the insert (store.py), from the signatures themselves: exact across
    every web process, and no counter to write or to keep in another service."""
    domain = email_normalise(email).rpartition("@")[2]
    rules = signer_rules()
    actions = {
        rules.get(key) for key in (("ip", ip_hash), ("domain", domain), ("email", digest)) if key[1]
    }
    if SignerRule.Action.ALLOW in actions:
        return Signature.Status.PENDING, False
    if SignerRule.Action.BLOCK in actions or domain in disposable_domains():
        return Signature.Status.FRAUDULENT, False
    return Signature.Status.PENDING, True


def rules_cache_clear() -> None:
    global _rules
    _rules = (0.0, {})
