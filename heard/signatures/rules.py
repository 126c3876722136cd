"""What moderators and responders may reach on the signature pages, in one place. The roles are
the offices' (heard.offices.rules); these are the scopes of this app's own objects."""

from django.db.models import QuerySet

from heard.core.access import Scope
from heard.offices import rules as office_rules
from heard.signatures.models import SignatureInvalidation


def invalidations_moderated(user) -> QuerySet[SignatureInvalidation]:
    return SignatureInvalidation.objects.filter(
        appeal__in=office_rules.appeals_moderated(user)
    ).select_related("appeal")


MODERATED_INVALIDATION = Scope(invalidations_moderated, name="invalidation")
