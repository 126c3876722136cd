"""Registration numbers and tracking codes.

A number comes from a counter row per addressee per year, locked with SELECT … FOR UPDATE
(SQLite serialises writers itself). A tracking code is derived from SECRET_KEY and a random
salt kept on the address, so the e-mail task can re-create it from the address id alone; only
its hash is stored, and the code is never written anywhere in clear.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.utils import timezone

from heard.addresses.models import AddressPolicy, NumberCounter
from heard.offices.models import Addressee

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def policy_for(addressee: Addressee) -> AddressPolicy:
    try:
        return addressee.address_policy
    except AddressPolicy.DoesNotExist:
        prefix = "".join(ch for ch in addressee.slug.upper() if ch.isalnum())[:10] or "A"
        if AddressPolicy.objects.filter(number_prefix=prefix).exists():
            prefix = f"{prefix[:8]}{addressee.pk}"
        policy, _created = AddressPolicy.objects.get_or_create(
            addressee=addressee, defaults={"number_prefix": prefix}
        )
        addressee.address_policy = policy
        return policy


def number_allocate(*, addressee: Addressee, at) -> str:
    """The next number; call inside the transaction that stores the address."""
    return numbers_allocate(addressee=addressee, at=at, count=1)[0]


def numbers_allocate(*, addressee: Addressee, at, count: int) -> list[str]:
    """`count` consecutive numbers of the year of `at`, taken under one lock (a bulk import);
    call inside the transaction that stores the addresses."""
    policy = policy_for(addressee)
    year = timezone.localtime(at).year
    NumberCounter.objects.get_or_create(addressee=addressee, year=year)
    counter = NumberCounter.objects.select_for_update().get(addressee=addressee, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [
        policy.number_format.format(prefix=policy.number_prefix, year=year, seq=seq)
        for seq in range(first, counter.last + 1)
    ]


def tracking_salt_new() -> str:
    return secrets.token_hex(16)


def tracking_code(*, salt: str, number: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"tracking:{number}:{salt}".encode(), hashlib.sha256
    ).digest()
    code = "".join(CODE_ALPHABET[byte % len(CODE_ALPHABET)] for byte in digest[:CODE_LENGTH])
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def tracking_code_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"heard-tracking:{normalised}".encode()).hexdigest()


def tracking_code_matches(*, code: str, stored_hash: str) -> bool:
    return bool(code) and hmac.compare_digest(tracking_code_hash(code), stored_hash)


def api_key_hash(raw: str) -> str:
    return hashlib.sha256(f"heard-api-key:{raw}".encode()).hexdigest()
