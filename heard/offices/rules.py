"""Who may do what, in one place (each rule is tested on its own in tests/offices/test_rules.py)."""

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
