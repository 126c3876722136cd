import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper


def pytest_configure(config):
    # Every test client serves the hot routes through their own stack, as production does.
    from tests.stack import clients_choose_the_stack

    clients_choose_the_stack()


@pytest.fixture(autouse=True)
def _english_and_fresh_caches(settings):
    """The caches are on, as in production (heard/config/settings/test.py); each test starts
    with them empty."""
    from django.core.cache import cache

    from heard.appeals.similar import index_forget
    from heard.core.page_copies import copies_clear
    from heard.signatures.fraud import rules_cache_clear
    from heard.signatures.lookups import caches_clear

    cache.clear()
    caches_clear()
    rules_cache_clear()
    copies_clear()
    index_forget()
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def caches_off(settings):
    """For a test that changes what a cache holds behind its back (a direct write to the
    database, a moved clock) and then reads it through a page: the caches production keeps for
    seconds are off for this test."""
    settings.HEARD_SIGNING_CACHE_SECONDS = 0
    settings.HEARD_PAGE_CACHE_SECONDS = 0
    settings.HEARD_FRAUD_RULES_CACHE_SECONDS = 0


def _only_test_blocks_open(connection) -> bool:
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _run_pending(connection) -> None:
    while connection.run_on_commit:
        _savepoints, callback, _robust = connection.run_on_commit.pop(0)
        callback()


@pytest.fixture(autouse=True)
def _commit_callbacks_run_when_the_service_commits(monkeypatch):
    """Tests run inside a transaction that is rolled back, so `on_commit` callbacks would never
    run. Here they run when the code under test leaves its own outermost atomic block: the
    moment a real commit would happen."""
    original_exit = transaction.Atomic.__exit__
    original_on_commit = BaseDatabaseWrapper.on_commit

    def atomic_exit(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and connection.in_atomic_block and _only_test_blocks_open(connection):
            _run_pending(connection)
        return result

    def on_commit(connection, func, robust=False):
        if connection.in_atomic_block and _only_test_blocks_open(connection):
            func()
        else:
            original_on_commit(connection, func, robust)

    monkeypatch.setattr(transaction.Atomic, "__exit__", atomic_exit)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)


@pytest.fixture
def move_time(monkeypatch):
    """Move `heard.core.clock.now` forward by a timedelta (cumulative); returns the new now."""
    from heard.core import clock

    real_now = clock.now
    offset = timedelta()

    def move(delta: timedelta = timedelta()):
        nonlocal offset
        offset += delta
        monkeypatch.setattr(clock, "now", lambda: real_now() + offset)
        return clock.now()

    return move


@pytest.fixture
def regions(transactional_db):
    """TransactionTestCase empties every table, including the regions the data migration put
    there; load them again the same way."""
    migration = importlib.import_module("heard.offices.migrations.0002_default_regions")
    migration.load_regions(apps, None)
