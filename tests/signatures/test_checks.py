import sqlite3

import pytest
from django.db import connection

from heard.signatures import checks


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite-only check")
def test_an_sqlite_too_old_for_returning_is_an_error_at_start_up(monkeypatch):
    assert checks.sqlite_can_return_from_insert() == []

    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    [error] = checks.sqlite_can_return_from_insert()

    assert error.id == "heard.signatures.E001"
    assert "3.31.1" in error.msg


def test_a_signer_key_that_is_not_a_fernet_key_is_an_error_naming_its_position(settings):
    from cryptography.fernet import Fernet

    good = Fernet.generate_key().decode()
    settings.HEARD_SIGNER_KEYS = [good, "short"]
    [error] = checks.signer_keys_valid()

    assert error.id == "heard.signatures.E002"
    assert "key 2 of 2" in error.msg and "short" not in error.msg
    settings.HEARD_SIGNER_KEYS = [good]
    assert checks.signer_keys_valid() == []
