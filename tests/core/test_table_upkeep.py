"""After a bulk write the table is vacuumed and analysed on PostgreSQL: its pages are marked
all-visible (the queue's index-only scans read no row's page) and the planner knows its size;
never inside a transaction, and nothing is done elsewhere."""

import pytest
from django.db import connection, transaction

from heard.addresses.models import Address
from heard.core.table_upkeep import table_upkeep
from tests.addresses import factories as make


def _visible_pages_and_rows() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible, reltuples FROM pg_class WHERE relname = %s",
            [Address._meta.db_table],
        )
        return cursor.fetchone()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_bulk_written_table_is_vacuumed_and_analysed_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    for _ in range(30):
        make.address()
    assert table_upkeep(Address) is True
    visible, rows = _visible_pages_and_rows()
    assert visible >= 1
    assert rows >= 30


@pytest.mark.django_db(transaction=True)
def test_nothing_is_done_inside_a_transaction_or_on_sqlite():
    with transaction.atomic():
        assert table_upkeep(Address) is False
    if connection.vendor != "postgresql":
        assert table_upkeep(Address) is False
