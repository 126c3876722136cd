"""A table brought up to date after a bulk write: VACUUM (ANALYZE) on PostgreSQL.

After a million rows are inserted (an import) or rewritten (a triage run's store), the planner's
statistics describe the old table and no page is marked all-visible, so the queue's index-only
scans read every row's page for visibility: the queue filtered to one received day took 200 ms
to find its first page at a million, 20 ms once vacuumed (docs/benchmarks.md, 2026-12-07).
Autovacuum gets there in its own time, minutes later on a busy office; the bulk write does it at
once. Not inside a transaction (VACUUM cannot run in one, and a test's rollback would leave the
statistics of rows that are gone); a no-op elsewhere than PostgreSQL.
"""

from django.db import connection, models


def table_upkeep(model: type[models.Model]) -> bool:
    """VACUUM (ANALYZE) the model's table where that can be done; whether it was."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    return True
