"""The responder's text search reads a stored tsvector (decision 0530): a column PostgreSQL
generates from the text (Russian and English stems, as migration 0010's index did), with a GIN
index on it, replacing 0010's index on the expression. A search that walks the queue in
due-date order then compares each row's stored vector instead of stemming its text twice
(0.2 ms a row). The column is PostgreSQL's alone and not a field of the model (it is never
written by Django; SQLite searches by substring).

Adding a generated column rewrites the table under an exclusive lock, stemming every text once
(docs/benchmarks.md has its time); the index is then built concurrently and the table analysed."""

from django.db import migrations

COLUMN = "search_vector"
EXPRESSION = "(to_tsvector('russian', text) || to_tsvector('english', text))"
INDEX = "address_search_vector"
OLD_INDEX = ("address_text_search", f"USING gin ({EXPRESSION})")


def _table(apps, schema_editor) -> str:
    return schema_editor.quote_name(apps.get_model("addresses", "Address")._meta.db_table)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps, schema_editor)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector"
        f" GENERATED ALWAYS AS {EXPRESSION} STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON {table} USING gin ({COLUMN})"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX[0]}")
    # Until the new column has statistics the planner guesses a handful of matches for any
    # search and reads every match to sort them (3,111 rows, 254 ms at 100,000).
    schema_editor.execute(f"ANALYZE {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps, schema_editor)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX[0]} ON {table} {OLD_INDEX[1]}"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("addresses", "0015_queue_received_window_index")]

    operations = [migrations.RunPython(forwards, backwards)]
