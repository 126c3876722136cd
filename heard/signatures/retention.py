"""Signers' personal data is kept only while it is needed."""

from django.db.models import F, Value
from django.db.models.functions import Concat

from heard.core import clock


def signatures_anonymise(signatures) -> int:
    """Erase name, e-mail and IP hash; the row (region, status, dates) stays so counts hold.
    The digest is replaced by a value no e-mail can produce, keeping the uniqueness rule."""
    return signatures.filter(anonymised_at__isnull=True).update(
        name="",
        email="",
        email_domain="",
        ip_digest="",
        show_name=False,
        notify=False,
        email_digest=Concat(Value("anonymised-"), F("pk")),
        anonymised_at=clock.now(),
    )


def signatures_erase_identity(signatures) -> int:
    """Erase name, e-mail, domain and IP hash now but keep the address's keyed hash (and leave
    the row to `signatures_anonymise` later): for a signature silently marked fraudulent or
    invalidated that its signer removes, so that the same address cannot sign again around the
    mark (signing again revives the row, mark and all; see store.py)."""
    return signatures.update(
        name="", email="", email_domain="", ip_digest="", show_name=False, notify=False
    )


def signatures_anonymise_expired() -> int:
    """Erase signers' personal data once their appeal has been finished for the retention period
    (HEARD_SIGNER_RETENTION_DAYS after closing, rejection or withdrawal)."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Q

    from heard.appeals.models import Appeal
    from heard.signatures.models import Signature

    before = clock.now() - timedelta(days=settings.HEARD_SIGNER_RETENTION_DAYS)
    finished = Appeal.objects.filter(
        Q(closed_at__lte=before) | Q(rejected_at__lte=before) | Q(withdrawn_at__lte=before)
    )
    return signatures_anonymise(Signature.objects.filter(appeal__in=finished))
