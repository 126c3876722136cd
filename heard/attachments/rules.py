"""Who may see which attachment, in one place. An appeal's attachments are public once the appeal
is published (open or closed; not a rejected one's, whose text may be hidden), and its
moderators see them before; an address's are seen only by the addressee's office (the
permission to handle addresses, in the address's addressee's scope), except images its sender
chose to make public."""

from django.db.models import Q, QuerySet

from heard.addresses import rules as address_rules
from heard.appeals.models import Appeal
from heard.attachments.models import Attachment
from heard.core.access import Scope
from heard.offices import rules as office_rules


def attachments_public() -> QuerySet[Attachment]:
    """What anyone may open: public, servable, of a public appeal or of an accepted address."""
    return Attachment.objects.filter(public=True, scan__in=Attachment.SERVABLE).filter(
        Q(appeal__status__in=Appeal.PUBLISHED)
        | Q(address__isnull=False) & ~Q(address__status__in=_not_accepted())
    )


def _not_accepted():
    from heard.addresses.models import Address

    return Address.NOT_ACCEPTED


def attachments_handled(user) -> QuerySet[Attachment]:
    """An address's attachments, for the office that handles its addressee."""
    return Attachment.objects.filter(
        address__addressee__in=address_rules.addressees_handled(user)
    ).select_related("address")


def attachments_moderated(user) -> QuerySet[Attachment]:
    """An appeal's attachments, for moderators of the appeal (before publication too)."""
    return Attachment.objects.filter(appeal__in=office_rules.appeals_moderated(user))


HANDLED_ATTACHMENT = Scope(attachments_handled, name="attachment", kwarg="pk")
MODERATED_ATTACHMENT = Scope(attachments_moderated, name="attachment", kwarg="pk")
