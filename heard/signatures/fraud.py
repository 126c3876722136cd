"""Fraud rules applied when signing: what status a new signature gets."""

from heard.signatures.models import Signature


def signature_status_for(*, appeal_id: int, email: str, ip_digest: str) -> str:
    return Signature.Status.PENDING
