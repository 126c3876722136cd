"""Notices of public events (54-FZ): sent 10 to 15 days before, answered within 3 days with
one of the outcomes the law allows; a public register without the organiser's personal data."""

from datetime import date, time

import pytest
from django.urls import reverse

from heard.addresses import services
from heard.addresses.models import Address, EventNotice
from heard.core.errors import DomainError, TransitionNotAllowed
from tests import factories
from tests.addresses.factories import freeze, moment

pytestmark = pytest.mark.django_db


def notice(addressee, **overrides):
    values = {
        "addressee": addressee,
        "form": "rally",
        "purpose": "Bring the mobilised home",
        "event_date": date(2026, 11, 14),
        "starts_at": time(12),
        "ends_at": time(14),
        "place": "Novosibirsk, Lenin Square",
        "participants": 300,
        "organising_group": "Council of Mothers and Wives",
        "organiser_name": "Olga Secretname",
        "email": "olga.secret@example.org",
        "channel": Address.Channel.WEB,
    }
    return services.event_notice_send(**(values | overrides))


def test_a_notice_runs_on_the_three_day_clock(monkeypatch):
    freeze(monkeypatch, moment(2026, 11, 2))
    address, _code = notice(factories.addressee())
    assert address.kind == Address.Kind.EVENT_NOTICE
    assert address.answer_due_at.date().isoformat() == "2026-11-05"


@pytest.mark.parametrize("day", [date(2026, 11, 11), date(2026, 11, 18)])  # 9 and 16 days ahead
def test_a_notice_outside_the_10_to_15_day_window_is_refused_with_the_dates(monkeypatch, day):
    freeze(monkeypatch, moment(2026, 11, 2))
    with pytest.raises(DomainError, match="between 2026-1"):
        notice(factories.addressee(), event_date=day)
    assert not Address.objects.exists()


def test_a_refusal_must_name_a_ground_from_the_law_and_cannot_be_extended(monkeypatch):
    freeze(monkeypatch, moment(2026, 11, 2))
    address, _code = notice(factories.addressee())
    responder = factories.responder(address.addressee)
    with pytest.raises(TransitionNotAllowed):
        services.address_extend(address=address, actor=responder, days=10, reason="Busy")
    with pytest.raises(DomainError, match="grounds the law gives"):
        services.event_notice_answer(
            address=address, actor=responder, outcome="refused", reasons="No.", office="Mayor"
        )

    services.event_notice_answer(
        address=address,
        actor=responder,
        outcome="refused",
        ground="place_prohibited",
        reasons="The square adjoins the court building.",
        office="Mayor's office",
    )

    address.refresh_from_db()
    assert address.status == Address.Status.ANSWERED
    assert address.event.outcome == "refused" and address.event.ground == "place_prohibited"


def test_the_register_shows_notices_answers_and_lateness_but_never_the_organiser(
    monkeypatch, client
):
    freeze(monkeypatch, moment(2026, 11, 2))
    addressee = factories.addressee()
    agreed, _ = notice(addressee, place="Tomsk, Novosobornaya Square")
    overdue, _ = notice(addressee, place="Omsk, Theatre Square")
    services.event_notice_answer(
        address=agreed,
        actor=factories.responder(addressee),
        outcome="change_proposed",
        proposal="Pervomaisky Square, same time",
        reasons="A fair is held on the square that day.",
        office="Mayor's office",
    )
    freeze(monkeypatch, moment(2026, 11, 9))  # the other answer was due on 5 November

    page = client.get(reverse("addresses:events")).content.decode()
    overdue_page = client.get(reverse("addresses:events"), {"state": "overdue"}).content.decode()
    api = client.get("/api/v1/events").json()

    assert "Tomsk, Novosobornaya Square" in page and "Pervomaisky Square" in page
    assert "Council of Mothers and Wives" in page
    assert "Secretname" not in page and "olga.secret" not in page
    assert "Omsk, Theatre Square" in overdue_page and "Tomsk" not in overdue_page
    assert "overdue by 4 days" in overdue_page
    by_place = {row["place"]: row for row in api}
    assert by_place["Omsk, Theatre Square"]["answer_days_late"] == 4
    assert by_place["Tomsk, Novosobornaya Square"]["outcome"] == "change_proposed"
    assert "Secretname" not in str(api)
    stats = client.get(reverse("addresses:statistics_addressee", args=[addressee.slug]))
    assert "Notices of public events" in stats.content.decode()


def test_the_web_form_sends_a_notice_that_waits_for_the_organisers_email(monkeypatch, client):
    freeze(monkeypatch, moment(2026, 11, 2))
    addressee = factories.addressee()
    response = client.post(
        reverse("addresses:event_create"),
        {
            "addressee": addressee.pk,
            "form": "picket",
            "purpose": "Demobilisation",
            "event_date": "2026-11-14",
            "starts_at": "12:00",
            "ends_at": "13:00",
            "place": "Moscow, Pushkin Square",
            "participants": "20",
            "organising_group": "Put Domoy",
            "organiser_name": "Maria",
            "email": "maria@example.org",
            "consent_processing": "on",
        },
    )
    assert response.status_code == 302
    created = EventNotice.objects.get()
    assert created.address.status == Address.Status.UNCONFIRMED


def test_the_register_sorts_by_the_events_date_either_way_and_keeps_the_list(monkeypatch, client):
    freeze(monkeypatch, moment(2026, 11, 2))
    addressee = factories.addressee()
    notice(addressee, place="Early square", event_date=date(2026, 11, 12))
    notice(addressee, place="Late square", event_date=date(2026, 11, 16))
    url = reverse("addresses:events")

    latest = client.get(url).content.decode()
    earliest = client.get(url, {"sort": "event_soonest", "state": "awaiting"}).content.decode()
    unknown = client.get(url, {"sort": "nonsense"})

    assert latest.index("Late square") < latest.index("Early square")
    assert earliest.index("Early square") < earliest.index("Late square")
    assert 'href="?state=awaiting&amp;sort=event_latest"' in earliest  # the list is kept
    assert unknown.status_code == 200
