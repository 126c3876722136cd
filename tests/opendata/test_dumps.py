"""The open-data dumps: every dataset in CSV and JSON Lines with exactly its documented fields,
and never a signer's, applicant's or organiser's personal data."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from heard.appeals import services as appeal_services
from heard.appeals.models import Appeal
from heard.core.periodic import periodic_tasks
from heard.opendata import dumps, tasks
from heard.opendata.datasets import DATASETS
from tests import factories
from tests.addresses import factories as make
from tests.addresses.test_events import notice

pytestmark = pytest.mark.django_db

PERSONAL_FIELDS = {
    "name", "email", "ip", "ip_digest", "email_digest", "email_domain", "token",
    "applicant_name", "postal_address", "organiser_name", "phone", "signers", "signer",
}


@pytest.fixture
def dump_dir(settings, tmp_path):
    settings.HEARD_OPENDATA_DIR = tmp_path / "opendata"
    return settings.HEARD_OPENDATA_DIR


@pytest.fixture
def records(monkeypatch):
    """One of everything the dumps read, each with personal data that must stay out."""
    appeal = factories.appeal_past_response_threshold(title="Bring them home")
    factories.sign(appeal, name="Private Petr", email="petr.private@example.org",
                   region=factories.region("TOM"))
    factories.sign(appeal, name="Visible Vera", email="vera@example.org", show_name=True)
    appeal_services.appeal_respond(
        appeal=appeal, responder=factories.responder(appeal.addressee),
        text="We will consider it.", responded_on=date(2026, 11, 1), office="Press office",
    )
    make.address(to=appeal.addressee, applicant_name="Anna Applicant",
                 email="anna.applicant@example.org", region=factories.region("NVS"))
    make.freeze(monkeypatch, make.moment(2026, 11, 2))
    notice(appeal.addressee)
    return appeal


def read_dumps(directory) -> dict[str, tuple[list[str], list[dict], list[dict]]]:
    found = {}
    for dataset in DATASETS:
        table = (directory / f"{dataset.name}.csv").read_text(encoding="utf-8")
        header, *rows = list(csv.reader(io.StringIO(table)))
        csv_rows = [dict(zip(header, row, strict=True)) for row in rows]
        lines = (directory / f"{dataset.name}.jsonl").read_text(encoding="utf-8").splitlines()
        found[dataset.name] = (header, csv_rows, [json.loads(line) for line in lines])
    return found


def test_every_dataset_is_dumped_in_both_formats_with_its_documented_fields(dump_dir, records):
    built = dumps.opendata_dumps_build()

    for name, (header, csv_rows, json_rows) in read_dumps(dump_dir).items():
        fields = next(dataset.field_names for dataset in DATASETS if dataset.name == name)
        assert header == fields, name
        assert all(list(row) == fields for row in json_rows), name
        assert len(csv_rows) == len(json_rows) == built["datasets"][name]["rows"] > 0, name


def test_no_dump_holds_personal_fields_or_values(dump_dir, records):
    dumps.opendata_dumps_build()
    found = read_dumps(dump_dir)

    for name, (header, _csv_rows, json_rows) in found.items():
        assert not PERSONAL_FIELDS & set(header), name
        assert not [key for key in header if "email" in key or "ip" in key.split("_")], name
        assert all(set(row) == set(header) for row in json_rows)
    everything = "".join(path.read_text(encoding="utf-8") for path in dump_dir.iterdir())
    for secret in (
        "Private Petr", "petr.private@example.org", "Visible Vera", "vera@example.org",
        "Anna Applicant", "anna.applicant@example.org", "Olga Secretname", "olga.secret@",
        records.sponsor_token, records.manage_token,
    ):
        assert secret not in everything, secret


def test_what_the_dumps_say_matches_the_pages(dump_dir, records):
    dumps.opendata_dumps_build()
    found = read_dumps(dump_dir)
    records.refresh_from_db()

    [appeal] = found["appeals"][2]
    assert appeal["id"] == records.pk and appeal["title"] == "Bring them home"
    assert appeal["signature_count"] == records.signature_count
    assert appeal["responded_at"].endswith("Z")
    by_region = {(row["region"], row["count"]) for row in found["signatures_by_region_day"][2]}
    assert ("TOM", 1) in by_region
    assert sum(count for _region, count in by_region) == records.signature_count
    [response] = found["responses"][2]
    assert response["office"] == "Press office" and response["responded_on"] == "2026-11-01"
    totals = [row for row in found["address_statistics"][2] if row["scope"] == "total"]
    assert totals and totals[0]["received"] >= 1
    [event] = found["event_notices"][2]
    assert event["organising_group"] == "Council of Mothers and Wives"
    assert event["place"] == "Novosibirsk, Lenin Square" and event["form"] == "rally"


def test_drafts_and_withdrawn_appeals_stay_out(dump_dir):
    factories.appeal_in(Appeal.Status.DRAFT, title="A draft")
    factories.appeal_in(Appeal.Status.WITHDRAWN, title="Taken back")
    factories.appeal_in(Appeal.Status.REJECTED, title="Turned down")

    dumps.opendata_dumps_build()

    titles = [row["title"] for row in read_dumps(dump_dir)["appeals"][2]]
    assert titles == ["Turned down"]


def test_the_worker_builds_the_dumps_once_a_day(dump_dir, records):
    assert tasks.opendata_dumps_build in [task for task, _interval in periodic_tasks()]

    tasks.opendata_dumps_build.call()
    first = dumps.manifest_read()
    factories.appeal_in(Appeal.Status.OPEN, title="Later the same day")
    tasks.opendata_dumps_build.call()

    assert dumps.manifest_read() == first  # the same day: not built again


def test_the_command_builds_them_now(dump_dir, records):
    out = io.StringIO()
    call_command("opendata_build", stdout=out)

    assert "appeals: 1 rows" in out.getvalue()
    assert (dump_dir / "appeals.csv").exists() and (dump_dir / "manifest.json").exists()


def test_signatures_are_counted_by_the_day_of_the_sites_time_zone(dump_dir, monkeypatch):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    make.freeze(monkeypatch, make.moment(2026, 11, 2, hour=1))  # 22:00 UTC on 1 November
    factories.sign(appeal, region=factories.region("KGD"))

    dumps.opendata_dumps_build()

    rows = read_dumps(dump_dir)["signatures_by_region_day"][2]
    assert {"appeal_id": appeal.pk, "date": "2026-11-02", "region": "KGD", "count": 1} in rows
