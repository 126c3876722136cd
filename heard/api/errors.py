from ninja import Status


def api_error(status: int, code: str, detail: str) -> Status:
    """Every API error has the same shape: a machine code and a sentence for people."""
    return Status(status, {"code": code, "detail": detail})
