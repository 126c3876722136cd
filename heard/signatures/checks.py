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
