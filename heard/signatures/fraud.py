"""Fraud rules applied when signing, as the UK petitions service learned them: block and allow
lists, throwaway mailbox domains, and silent rate limits per IP hash and appeal (burst and
sustained). A signature they catch is stored as fraudulent, never counts and gets no e-mail; the
signer sees exactly what everyone else sees."""

import functools
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q

from heard.core import clock
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


def rate_exceeded(*, appeal_id: int, ip_hash: str) -> bool:
    """Has this IP hash signed this appeal more than the burst or the sustained limit allows?

    Counted from the signatures themselves with one index range read: exact across every web
    process, and no counter to write or to keep in another service."""
    now = clock.now()
    burst_from = now - timedelta(seconds=settings.HEARD_RATE_BURST_SECONDS)
    sustained_from = now - timedelta(seconds=settings.HEARD_RATE_SUSTAINED_SECONDS)
    seen = Signature.objects.filter(
        appeal_id=appeal_id, ip_digest=ip_hash, created_at__gte=min(burst_from, sustained_from)
    ).aggregate(
        burst=Count("id", filter=Q(created_at__gte=burst_from)),
        sustained=Count("id", filter=Q(created_at__gte=sustained_from)),
    )
    return (
        seen["burst"] >= settings.HEARD_RATE_BURST
        or seen["sustained"] >= settings.HEARD_RATE_SUSTAINED
    )


def signature_status_for(*, appeal_id: int, email: str, digest: str, ip_hash: str) -> str:
    domain = email_normalise(email).rpartition("@")[2]
    rules = signer_rules()
    actions = {
        rules.get(key) for key in (("ip", ip_hash), ("domain", domain), ("email", digest)) if key[1]
    }
    if SignerRule.Action.ALLOW in actions:
        return Signature.Status.PENDING
    if SignerRule.Action.BLOCK in actions or domain in disposable_domains():
        return Signature.Status.FRAUDULENT
    if ip_hash and rate_exceeded(appeal_id=appeal_id, ip_hash=ip_hash):
        return Signature.Status.FRAUDULENT
    return Signature.Status.PENDING


def rules_cache_clear() -> None:
    global _rules
    _rules = (0.0, {})
