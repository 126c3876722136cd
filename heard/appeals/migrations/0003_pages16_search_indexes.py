"""The public search of appeals on PostgreSQL (heard/appeals/search.py, decision 0542): a stored,
generated `search_vector` column — the title, the group's name and the full text, stemmed in
Russian and English; the text left out for an appeal rejected for what it says — with a GIN
index. Stored, so that a word found in most appeals is matched from the stored vectors instead
of stemming every text again. Not a model field: Django never reads or writes it, PostgreSQL
keeps it. Nothing on SQLite, where the lists search by substring.

Adding a stored generated column rewrites the table once (seconds for tens of thousands of
appeals, under a lock)."""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "appeal_search"
# Written out (a migration stays as it was run); tests/appeals/test_search.py checks that
# heard/appeals/search.py still describes the same document.
HIDDEN = """"status" = 'rejected' AND "rejection_code" IN """ + (
    "('offensive', 'defamatory', 'personal_data', 'advertising')"
)
DOCUMENT = (
    """coalesce("title", '') || ' ' || coalesce("group_name", '') || ' ' || """
    f"""CASE WHEN {HIDDEN} THEN '' ELSE coalesce("text", '') END"""
)
VECTOR = f"(to_tsvector('russian', {DOCUMENT}) || to_tsvector('english', {DOCUMENT}))"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("appeals", "Appeal")._meta.db_table)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON {table} USING gin ({COLUMN})"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("appeals", "Appeal")._meta.db_table)
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("appeals", "0002_milestone_notices")]

    operations = [migrations.RunPython(forwards, backwards)]
