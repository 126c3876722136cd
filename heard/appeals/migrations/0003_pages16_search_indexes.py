"""GIN indexes for the public search of appeals on PostgreSQL (heard/appeals/search.py,
decision 0542): the title with the group's name, and the full text, each stemmed in Russian and
English. Nothing on SQLite, where the lists search by substring."""

from django.db import migrations

# Written out (a migration stays as it was run); heard/appeals/search.py builds the same
# expressions for its queries, and tests/appeals/test_search.py checks that they match.
HEAD = """coalesce("title", '') || ' ' || coalesce("group_name", '')"""
TEXT = """coalesce("text", '')"""
INDEXES = {
    "appeal_search_head": f"(to_tsvector('russian', ({HEAD})) || to_tsvector('english', ({HEAD})))",
    "appeal_search_text": f"(to_tsvector('russian', {TEXT}) || to_tsvector('english', {TEXT}))",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("appeals", "Appeal")._meta.db_table)
    for name, document in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} USING gin ({document})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("appeals", "0002_milestone_notices")]

    operations = [migrations.RunPython(forwards, backwards)]
