import csv
from pathlib import Path

from django.db import migrations

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions_ru.csv"


def load_regions(apps, schema_editor):
    Region = apps.get_model("offices", "Region")
    if Region.objects.exists():
        return
    with REGIONS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    Region.objects.bulk_create(
        Region(code=row["code"], name_ru=row["name_ru"], name_en=row["name_en"], position=0)
        for row in rows
    )


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
