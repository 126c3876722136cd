"""System checks for what signing needs from the database."""

from django.core import checks
from django.db import connections

# signatures/store.py stores a signature with INSERT … ON CONFLICT DO UPDATE … RETURNING.
SQLITE_NEEDED = (3, 35, 0)


@checks.register(checks.Tags.database, deploy=False)
def sqlite_can_return_from_insert(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    connection = connections["default"]
    if connection.vendor != "sqlite":
        return []
    import sqlite3

    if sqlite3.sqlite_version_info >= SQLITE_NEEDED:
        return []
    return [
        checks.Error(
            f"SQLite {sqlite3.sqlite_version} is too old to store signatures: "
            f"{'.'.join(map(str, SQLITE_NEEDED))} or newer is needed (RETURNING).",
            hint="Use a Python built with a newer SQLite, or PostgreSQL (DATABASE_URL).",
            id="heard.signatures.E001",
        )
    ]


@checks.register(checks.Tags.security)
def signer_keys_valid(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Each HEARD_SIGNER_KEY entry must be a Fernet key, or the first signature fails (a 500)
    instead of the deployment. Keys are named by position, never shown."""
    from django.conf import settings

    from heard.signatures.privacy import fernet_key_valid

    keys = settings.HEARD_SIGNER_KEYS
    return [
        checks.Error(
            f"HEARD_SIGNER_KEY: key {position} of {len(keys)} is not a Fernet key.",
            hint="Each key (comma-separated, newest first) is 32 random bytes in URL-safe "
            "base64, as `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'` prints.",
            id="heard.signatures.E002",
        )
        for position, key in enumerate(keys, start=1)
        if not fernet_key_valid(key)
    ]
