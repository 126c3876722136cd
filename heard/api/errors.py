from ninja import Status

from heard.core.errors import DomainError, PermissionDenied


def api_error(status: int, code: str, detail: str) -> Status:
    """Every API error has the same shape: a machine code and a sentence for people."""
    return Status(status, {"code": code, "detail": detail})


def domain_error_status(error: DomainError) -> int:
    """403 for who may not do it, 400 for what cannot be done."""
    return 403 if isinstance(error, PermissionDenied) else 400
