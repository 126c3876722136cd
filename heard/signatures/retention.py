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
        ip_digest="",
        show_name=False,
        notify=False,
        email_digest=Concat(Value("anonymised-"), F("pk")),
        anonymised_at=clock.now(),
    )
