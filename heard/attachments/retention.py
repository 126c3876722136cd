"""An address's attachments are personal data: they are erased with the rest of it, once the
address has been closed (answered, forwarded, left without an answer) or set aside for
HEARD_ADDRESS_ATTACHMENT_RETENTION_DAYS. An appeal's attachments are public and stay."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from heard.addresses.models import Address
from heard.attachments.services import attachments_erase
from heard.core import clock

BATCH = 500


def address_attachments_expire() -> int:
    """The retention job's part for attachments: returns how many were erased."""
    before = clock.now() - timedelta(days=settings.HEARD_ADDRESS_ATTACHMENT_RETENTION_DAYS)
    expired = Address.objects.filter(
        Q(status__in=Address.CLOSED, closed_at__lt=before)
        | Q(status=Address.Status.SET_ASIDE, set_aside_at__lt=before),
        attachments__isnull=False,
    ).distinct()
    erased = 0
    for address in expired[:BATCH]:
        erased += attachments_erase(address=address)
    return erased
