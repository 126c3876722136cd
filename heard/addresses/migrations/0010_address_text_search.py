"""A GIN index for the responder's full-text search on PostgreSQL (Russian and English
stemming); nothing on SQLite, where the queue searches by substring."""

from django.db import migrations

INDEX = "address_text_search"
EXPRESSION = "(to_tsvector('russian', text) || to_tsvector('english', text))"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("addresses", "Address")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON {table} USING gin ({EXPRESSION})"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("addresses", "0009_answer_templates")]

    operations = [migrations.RunPython(forwards, backwards)]
