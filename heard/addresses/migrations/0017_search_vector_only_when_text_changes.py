"""The stored search vector is worked out only when the text changes (decision 0552).

PostgreSQL recomputes a STORED generated column on every UPDATE of its row, whatever the UPDATE
sets: each status change, assignment or extension stemmed the text twice again (Russian and
English). Here the column stops being generated (DROP EXPRESSION: the values stay, no table
rewrite) and a trigger fills it: on INSERT (COPY included), and on an UPDATE only when the text
differs from the old one. The column stays PostgreSQL's alone, never a field of the model."""

from django.db import migrations

COLUMN = "search_vector"
EXPRESSION = "(to_tsvector('russian', NEW.text) || to_tsvector('english', NEW.text))"
GENERATED = "(to_tsvector('russian', text) || to_tsvector('english', text))"
FUNCTION = "address_search_vector_fill"
TRIGGERS = ("address_search_vector_insert", "address_search_vector_update")


def _table(apps, schema_editor) -> str:
    return schema_editor.quote_name(apps.get_model("addresses", "Address")._meta.db_table)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps, schema_editor)
    schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {COLUMN} DROP EXPRESSION IF EXISTS")
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN NEW.{COLUMN} := {EXPRESSION}; RETURN NEW; END $$"
    )
    insert, update = TRIGGERS
    schema_editor.execute(
        f"CREATE TRIGGER {insert} BEFORE INSERT ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {update} BEFORE UPDATE OF text ON {table} FOR EACH ROW"
        f" WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION {FUNCTION}()"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps, schema_editor)
    for trigger in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    # A column cannot become generated again in place: drop it and add it as migration 0016 did
    # (a table rewrite); 0016's index goes with the column and is made again.
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS {GENERATED} STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS address_search_vector ON {table} USING gin ({COLUMN})"
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("addresses", "0016_address_search_vector_stored")]

    operations = [migrations.RunPython(forwards, backwards)]
