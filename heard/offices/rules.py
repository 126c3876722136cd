"""Who may do what, in one place (each rule is tested on its own in tests/offices/test_rules.py)."""

from django.db.models import QuerySet

from heard.appeals.models import Appeal
from heard.core.access import Scope, permission_add
from heard.offices.models import Addressee, StaffRole


def _roles(user) -> list[StaffRole]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_heard_roles", None)
    if cached is None:
        cached = list(StaffRole.objects.filter(user=user))
        user._heard_roles = cached
    return cached


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or any(
        role.role == StaffRole.Role.ADMINISTRATOR for role in _roles(user)
    )


def can_moderate(user) -> bool:
    return is_administrator(user) or any(r.role == StaffRole.Role.MODERATOR for r in _roles(user))


def can_respond_for(user, addressee: Addressee) -> bool:
    return is_administrator(user) or any(
        r.role == StaffRole.Role.RESPONDER and r.addressee_id == addressee.pk for r in _roles(user)
    )


def is_staff_member(user) -> bool:
    return bool(_roles(user)) or is_administrator(user)


def has_responder_role(user) -> bool:
    """Responds for at least one addressee (which ones is the scope's business)."""
    return is_administrator(user) or any(r.role == StaffRole.Role.RESPONDER for r in _roles(user))


# --- Permissions of the staff pages and what each lets a user reach (heard.core.access) ---

permission_add("offices.staff", is_staff_member)
permission_add("offices.moderate", can_moderate)
permission_add("offices.respond", has_responder_role)


MODERATED_STATES = (
    Appeal.Status.GATHERING_SPONSORS,
    Appeal.Status.AWAITING_MODERATION,
    *Appeal.PUBLIC,
)


def addressees_responded_for(user) -> QuerySet[Addressee]:
    if is_administrator(user):
        return Addressee.objects.all()
    return Addressee.objects.filter(
        staff_roles__user=user, staff_roles__role=StaffRole.Role.RESPONDER
    ).distinct()


def appeals_moderated(user) -> QuerySet[Appeal]:
    """Moderators act for every addressee on what its initiator has confirmed and shared:
    appeals gathering sponsors (whose signatures may be held), awaiting moderation, and public
    ones. Never drafts nor withdrawn appeals."""
    return Appeal.objects.filter(status__in=MODERATED_STATES).select_related("addressee")


def appeals_answered(user) -> QuerySet[Appeal]:
    """Published appeals to the addressees the user responds for."""
    return Appeal.objects.filter(
        status__in=Appeal.PUBLISHED, addressee__in=addressees_responded_for(user)
    ).select_related("addressee")


MODERATED_APPEAL = Scope(appeals_moderated, name="appeal")
ANSWERED_APPEAL = Scope(appeals_answered, name="appeal")
RESPONDED_ADDRESSEE = Scope(addressees_responded_for, name="addressee", kwarg="slug", field="slug")
