"""The queue narrowed to a window of received dates and sorted by due date (decision 0527):
the index of addresses in progress by received date carries the due date too, so the window's
ids are sorted from the index alone (no row read) and only the page's rows are fetched. It
replaces migration 0013's address_progress_received, whose order (received date, id) it keeps
for the "oldest received first" keyset. PostgreSQL only, built concurrently."""

from django.db import migrations

IN_PROGRESS = "status IN ('registered', 'assigned', 'extended', 'returned')"
NEW = ("address_progress_received_due", "(addressee_id, received_at, id) INCLUDE (answer_due_at)")
OLD = ("address_progress_received", "(addressee_id, received_at, id)")


def _swap(schema_editor, table, create, drop):
    name, columns = create
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} {columns} WHERE {IN_PROGRESS}"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {drop[0]}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("addresses", "Address")._meta.db_table)
        _swap(schema_editor, table, NEW, OLD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("addresses", "Address")._meta.db_table)
        _swap(schema_editor, table, OLD, NEW)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("addresses", "0014_bulk_actions")]

    operations = [migrations.RunPython(forwards, backwards)]
