"""The signed links of a follow: confirming it (double opt-in) and leaving it (one click).

A link carries the follow's id and nonce, signed with the site's key under its own salt, so a
confirmation link cannot be used to unsubscribe someone else, nor the other way round; a follow
deleted and made again has a new nonce and does not answer the old links."""

from django.core import signing

SALTS = {"confirm": "heard.follows.confirm", "unsubscribe": "heard.follows.unsubscribe"}


def follow_token(follow, *, purpose: str) -> str:
    return signing.dumps([follow.pk, follow.nonce], salt=SALTS[purpose], compress=False)


def follow_token_read(token: str, *, purpose: str, max_age: int | None = None) -> tuple[int, str]:
    """(id, nonce) of a valid token; raises signing.BadSignature otherwise."""
    value = signing.loads(token[:200], salt=SALTS[purpose], max_age=max_age)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise signing.BadSignature("malformed")
    return value[0], str(value[1])
