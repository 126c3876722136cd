"""Links e-mailed to an applicant that act on one address without its tracking code: confirm
the e-mail, give a verdict on the answer, write a complaint. Each carries a keyed hash of the
address's own salt and the link's purpose: kept nowhere, not guessable, good for that one use."""

from django.utils.crypto import constant_time_compare, salted_hmac

from heard.addresses.models import Address

PURPOSES = ("confirm", "verdict", "complaint")


def address_token(address: Address, purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    value = f"{address.pk}:{address.number}:{address.tracking_salt}"
    return salted_hmac(f"heard.addresses.{purpose}", value).hexdigest()[:32]


def address_token_matches(address: Address, purpose: str, token: str) -> bool:
    return constant_time_compare(address_token(address, purpose), token or "")


def address_by_link(*, number: str, purpose: str, token: str) -> Address | None:
    """The address a link names, or None for a link that is not one of ours."""
    address = Address.objects.select_related("addressee").filter(number=number[:40]).first()
    if address is None or not address_token_matches(address, purpose, token):
        return None
    return address
