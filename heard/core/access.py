"""Access control before anything is read (decision note 0503).

Every staff and organisation view is wrapped in `permission_first`, which answers, in this order
and before the view or any query about the requested object runs:

1. not logged in: a redirect to the log-in page (302);
2. logged in without the role the permission names: 403;
3. the object named in the URL is outside the user's scope (another addressee's, a draft, a
   stranger's organisation): 404, the same answer as for an object that does not exist.

Permissions are named predicates over the user alone (`"appeals.moderate"`), declared in each
app's rules.py with `permission_add`; scopes are querysets of what a user may reach, declared
there too. The view receives the object found in the scope instead of the raw URL value.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, resolve_url

Predicate = Callable[..., bool]

_PERMISSIONS: dict[str, Predicate] = {}


def permission_add(name: str, predicate: Predicate) -> None:
    """Declare a permission: `predicate(user) -> bool`, true when the user holds the role."""
    if name in _PERMISSIONS and _PERMISSIONS[name] is not predicate:
        raise ImproperlyConfigured(f"Permission {name!r} is declared twice.")
    _PERMISSIONS[name] = predicate


def permission_names() -> list[str]:
    return sorted(_PERMISSIONS)


def user_has_permission(user, name: str) -> bool:
    try:
        predicate = _PERMISSIONS[name]
    except KeyError:
        message = f"Permission {name!r} is not declared in any rules.py."
        raise ImproperlyConfigured(message) from None
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(predicate(user))


@dataclass(frozen=True)
class Scope:
    """What a user may reach through one URL keyword: `queryset(user)` holds the reachable rows;
    the row whose `field` equals the URL's `kwarg` is passed to the view as `name`."""

    queryset: Callable[..., QuerySet]
    name: str
    kwarg: str = "pk"
    field: str = "pk"

    def get(self, user, value):
        return get_object_or_404(self.queryset(user), **{self.field: value})


def permission_first(
    permission: str, *, scope: Scope | None = None, login_url: str | None = None
):
    """Check log-in, then the permission, then the scope; only then run the view."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                login = resolve_url(login_url or settings.LOGIN_URL)
                return redirect_to_login(request.get_full_path(), login)
            if not user_has_permission(user, permission):
                raise HttpForbidden
            if scope is not None:
                kwargs[scope.name] = scope.get(user, kwargs.pop(scope.kwarg))
            return view(request, *args, **kwargs)

        # Read by the access tests: every staff URL must lead to a view guarded here.
        wrapper.access_permission = permission
        wrapper.access_scope = scope
        return wrapper

    return decorate
