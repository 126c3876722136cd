class DomainError(Exception):
    """A rule of the domain refused an action; the message is safe to show to the user."""

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


class PermissionDenied(DomainError):
    code = "permission_denied"
