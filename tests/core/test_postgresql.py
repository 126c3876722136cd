"""The site's PostgreSQL backend (heard/core/postgresql): a kept connection the server ended is
replaced before a request uses it, and a healthy one is used without a SELECT 1 first."""

import time

import pytest
from django.db import close_old_connections, connection

from heard.core.postgresql.base import DatabaseWrapper, server_has_spoken

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checks_counted(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own backend")
    checks = []
    usable = DatabaseWrapper.is_usable

    def counted(self):
        checks.append(self.alias)
        return usable(self)

    monkeypatch.setattr(DatabaseWrapper, "is_usable", counted)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.close()
    connection.ensure_connection()  # a kept connection, health checks on
    return checks


def a_new_request_reads():
    close_old_connections()  # as at a request's end: the next use is health-checked
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()


def test_a_healthy_kept_connection_is_used_without_a_select_first(checks_counted):
    kept = connection.connection

    assert a_new_request_reads() == (1,)
    assert connection.connection is kept
    assert checks_counted == []


def test_a_connection_the_server_ended_is_replaced_before_use(checks_counted):
    ended = connection.connection
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [ended.info.backend_pid])
    finally:
        other.close()
    for _ in range(100):  # the server's word arrives just after the call returns
        if server_has_spoken(ended):
            break
        time.sleep(0.05)

    assert a_new_request_reads() == (1,)
    assert connection.connection is not ended
    assert checks_counted == ["default"]
