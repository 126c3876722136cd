"""`heard addresses import`: a campaign's file registered through the services, a batch per
transaction, with bad lines named and reruns that continue without registering a line twice."""

import gzip
import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from heard.addresses import importing
from heard.addresses.deadlines import due_after
from heard.addresses.models import Address, Campaign, ImportKey
from heard.core.models import AuditEvent
from heard.triage.lib.io import read_records
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(monkeypatch):
    make.freeze(monkeypatch, make.moment(2023, 12, 20))
    addressee = factories.addressee()
    make.route(addressee, make.department(addressee, "social"), category=make.category(
        addressee, "pensions"))
    return Campaign.objects.create(
        addressee=addressee, slug="line-2023", title="Direct line",
        starts_at=make.moment(2023, 12, 1), ends_at=make.moment(2023, 12, 15),
        channels=["web", "phone", "sms"], created_at=make.moment(2023, 11, 30),
    )


def _line(number: int, **fields) -> dict:
    return {"id": f"dl-{number}", "text": f"Вопрос номер {number}: когда поднимут пенсии?",
            "received": "2023-12-14T10:30:00+03:00", "channel": "phone"} | fields


def _write(path, rows, *, gz=False) -> str:
    text = "".join(
        (row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n"
        for row in rows
    )
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as stream:
            stream.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _import(path, campaign, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("addresses", "import", path, campaign=campaign.slug, stdout=out, stderr=err,
                 **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_a_file_is_registered_into_the_campaign_with_numbers_clocks_routes_and_audit(
    tmp_path, campaign, gz
):
    rows = [_line(1, region="Москва", category="pensions", name="Анна Петрова",
                  email="anna@example.org"),
            _line(2, received="2023-12-10", region="MOW"),
            {"text": "When will pensions rise?"}]
    path = _write(tmp_path / ("line.jsonl.gz" if gz else "line.jsonl"), rows, gz=gz)
    out, _err = _import(path, campaign)
    assert "3 addresses registered" in out
    first, second, third = Address.objects.filter(campaign=campaign).order_by("number")
    assert len({first.number, second.number, third.number}) == 3
    assert first.received_at == make.moment(2023, 12, 14, 10).replace(minute=30)
    # The legal clock runs from the received date, not from the day of the import.
    assert first.answer_due_at == due_after(first.received_at, 30)
    assert first.status == Address.Status.ASSIGNED and first.department.code == "social"
    assert first.region.code == "MOW" and first.applicant_name == "Анна Петрова"
    assert not first.anonymous and second.anonymous
    assert second.status == Address.Status.REGISTERED
    assert second.received_at == make.moment(2023, 12, 10, 0)
    assert third.language == "en" and third.received_at == make.moment(2023, 12, 20)
    verbs = set(AuditEvent.objects.filter(
        subject_type="addresses.address", subject_id=first.pk).values_list("verb", flat=True))
    assert verbs == {"received", "registered", "assigned"}
    assert ImportKey.objects.filter(campaign=campaign).count() == 3


def test_the_same_file_serves_file_mode_triage(tmp_path, campaign):
    path = _write(tmp_path / "line.jsonl", [_line(n, region="Москва") for n in range(3)])
    assert [record.id for record in read_records(path)] == ["dl-0", "dl-1", "dl-2"]
    _import(path, campaign)
    assert Address.objects.filter(campaign=campaign).count() == 3


def test_a_bad_line_stops_the_import_and_is_named_with_its_field(tmp_path, campaign):
    rows = [_line(n) for n in range(1, 5)] + [_line(5, region="Atlantis")] + [_line(6)]
    path = _write(tmp_path / "line.jsonl", rows)
    with pytest.raises(CommandError, match="line 5"):
        _out, err = _import(path, campaign, batch=2)
    # Two whole batches before the bad line are stored; nothing of the batch it is in.
    assert Address.objects.filter(campaign=campaign).count() == 4
    summary = importing.addresses_import(path, campaign=campaign, batch_size=2)
    assert [(error.line, error.field) for error in summary.errors] == [(5, "region")]
    assert "Atlantis" in summary.errors[0].message


@pytest.mark.parametrize(("raw", "field"), [
    ("{not json", "JSON"),
    ('["a list"]', "JSON"),
    ('{"id": 1, "text": "  "}', "text"),
    ('{"id": 1, "text": "t", "received": "14.12.2023"}', "received"),
    ('{"id": 1, "text": "t", "created": "2031-01-01"}', "created"),
    ('{"id": 1, "text": "t", "category": "weather"}', "category"),
    ('{"id": 1, "text": "t", "channel": "pigeon"}', "channel"),
    ('{"id": 1, "text": "t", "email": "not an address"}', "email"),
])
def test_each_kind_of_bad_line_names_its_field(tmp_path, campaign, raw, field):
    path = _write(tmp_path / "line.jsonl", [_line(1), raw])
    summary = importing.addresses_import(path, campaign=campaign, max_errors=5)
    assert [(error.line, error.field) for error in summary.errors] == [(2, field)]
    assert summary.stored == 1 and summary.stopped_at is None


def test_bad_lines_up_to_max_errors_are_reported_and_skipped(tmp_path, campaign):
    rows = [_line(1), '{"id": "x"}', _line(3), "{oops", _line(5)]
    path = _write(tmp_path / "line.jsonl", rows)
    _out, err = _import(path, campaign, max_errors=2)
    assert "line 2, text" in err and "line 4, JSON" in err
    assert Address.objects.filter(campaign=campaign).count() == 3


def test_an_interrupted_import_continues_where_it_stopped_without_duplicates(
    tmp_path, campaign, monkeypatch
):
    path = _write(tmp_path / "line.jsonl.gz", [_line(n) for n in range(1, 8)], gz=True)
    real = importing.addresses_import_batch
    calls = []

    def dies_on_the_third_batch(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(**kwargs)

    monkeypatch.setattr(importing, "addresses_import_batch", dies_on_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        _import(path, campaign, batch=2)
    assert Address.objects.filter(campaign=campaign).count() == 4
    monkeypatch.setattr(importing, "addresses_import_batch", real)
    out, _err = _import(path, campaign, batch=2)
    assert "3 addresses registered" in out and "4 lines imported before" in out
    numbers = list(Address.objects.filter(campaign=campaign).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 7
    assert ImportKey.objects.filter(campaign=campaign).count() == 7


def test_lines_without_an_id_are_known_by_their_number_and_content(tmp_path, campaign):
    same = {"text": "Верните наших мужей домой!"}
    path = _write(tmp_path / "line.jsonl", [same, same, {"text": "Другой вопрос"}])
    _import(path, campaign)
    # Identical copies of a mass campaign are different addresses: both are registered.
    assert Address.objects.filter(campaign=campaign).count() == 3
    out, _err = _import(path, campaign)
    assert "0 addresses registered" in out and "3 lines imported before" in out
    # A re-export with a line added: only the new line is registered.
    path = _write(tmp_path / "line.jsonl", [same, same, {"text": "Другой вопрос"},
                                            {"text": "Новый вопрос"}])
    _import(path, campaign)
    assert Address.objects.filter(campaign=campaign).count() == 4


def test_numbers_continue_the_addressees_counter_across_years(tmp_path, campaign):
    earlier, _code = make.address(to=campaign.addressee, channel="phone",
                                  entered_by=factories.superuser(),
                                  received_at=make.moment(2023, 12, 1))
    rows = [_line(1, received="2022-12-31T12:00:00+03:00"), _line(2)]
    _import(_write(tmp_path / "line.jsonl", rows), campaign)
    numbers = sorted(Address.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 3
    assert any("-2022-" in number for number in numbers)
    assert earlier.number in numbers


def test_unknown_campaign_or_file_is_refused(tmp_path, campaign):
    with pytest.raises(CommandError, match="nobody"):
        call_command("addresses", "import", str(tmp_path / "x.jsonl"), campaign="nobody",
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="no such file"):
        _import(str(tmp_path / "missing.jsonl"), campaign)


def test_the_received_date_may_precede_the_import_by_weeks(tmp_path, campaign, monkeypatch):
    make.freeze(monkeypatch, make.moment(2024, 2, 1))
    _import(_write(tmp_path / "line.jsonl", [_line(1)]), campaign)
    address = Address.objects.get(campaign=campaign)
    assert address.answer_due_at < make.moment(2024, 2, 1) + timedelta(days=1)
