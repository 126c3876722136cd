"""Partial indexes for the responder's pages at millions of rows (decision 0516): addresses in
progress of one addressee (or department) in the queue's sort orders, the id last as the keyset
cursor's tie-breaker, so that the first page and every keyset page read 51 index entries (with
(addressee, status, answer_due_at) PostgreSQL read and sorted every address in progress, the
order running across four statuses); and applicants' e-mails, for the item page's "same
applicant". PostgreSQL only, built concurrently."""

from django.db import migrations

IN_PROGRESS = "status IN ('registered', 'assigned', 'extended', 'returned')"
INDEXES = {
    "address_progress_due": ("(addressee_id, answer_due_at, id)", IN_PROGRESS),
    "address_progress_received": ("(addressee_id, received_at, id)", IN_PROGRESS),
    "address_progress_department": ("(department_id, answer_due_at, id)", IN_PROGRESS),
    # The item page lists the same applicant's other addresses by e-mail; most have none.
    "address_applicant_email": ("(addressee_id, email)", "email <> ''"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("addresses", "Address")._meta.db_table)
    for name, (columns, condition) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} {columns} "
            f"WHERE {condition}"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("addresses", "0012_import_keys")]

    operations = [migrations.RunPython(forwards, backwards)]
