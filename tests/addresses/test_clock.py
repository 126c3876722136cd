"""The legal clock of an address tells the truth: a late answer stays late, with its days; an
extension is decided before the term runs out; a returned address runs on a declared clock; and
every due date says how it was computed."""

import pytest
from django.urls import reverse

from heard.addresses import selectors, services
from heard.addresses.models import Address, AddressPolicy
from heard.core.errors import TransitionNotAllowed
from tests.addresses import factories as make
from tests.addresses.factories import freeze, moment

pytestmark = pytest.mark.django_db


def registered_on(monkeypatch, day):
    freeze(monkeypatch, day)
    target = make.factories.addressee()
    make.route(target, make.department(target))
    address, code = make.address(to=target)
    return address, code, make.factories.responder(target)


def test_an_answer_after_the_due_date_stays_late_with_its_days(monkeypatch, client):
    address, code, responder = registered_on(monkeypatch, moment(2026, 10, 13))
    assert address.answer_due_at.date().isoformat() == "2026-11-12"

    freeze(monkeypatch, moment(2026, 12, 4))
    services.address_answer(address=address, actor=responder, text="Late.", office="O")
    freeze(monkeypatch, moment(2027, 3, 1))  # months later it is still 22 days late
    address.refresh_from_db()

    assert address.answer_days_late == 22
    page = client.post(reverse("addresses:track"), {"number": address.number, "code": code})
    assert "answered 22 days late" in page.content.decode()
    api = client.get(f"/api/v1/addresses/{address.number}", HTTP_X_TRACKING_CODE=code).json()
    assert api["answer_days_late"] == 22
    assert api["answered_at"].startswith("2026-12-04")


def test_an_answer_on_the_last_day_is_on_time(monkeypatch):
    address, _code, responder = registered_on(monkeypatch, moment(2026, 10, 13))
    freeze(monkeypatch, moment(2026, 11, 12, 23))
    services.address_answer(address=address, actor=responder, text="Just in time.", office="O")
    address.refresh_from_db()
    assert address.answer_days_late is None


def test_an_open_address_past_its_term_shows_its_days_and_how_long_it_waits(monkeypatch):
    address, _code, _responder = registered_on(monkeypatch, moment(2026, 10, 1))
    freeze(monkeypatch, moment(2026, 11, 5))
    address.refresh_from_db()
    assert address.answer_days_late == 5  # due 31 October
    assert address.days_waiting == 35


def test_an_extension_after_the_term_ran_out_is_refused_with_a_reason(monkeypatch):
    address, _code, responder = registered_on(monkeypatch, moment(2026, 9, 21))
    freeze(monkeypatch, moment(2026, 12, 4))
    with pytest.raises(TransitionNotAllowed, match="ran out on 21"):
        services.address_extend(address=address, actor=responder, days=30, reason="Busy")
    address.refresh_from_db()
    assert address.extended_at is None


def test_a_returned_address_runs_on_the_policys_return_clock_and_drops_the_old_extension(
    monkeypatch, client
):
    address, code, responder = registered_on(monkeypatch, moment(2026, 10, 3))
    AddressPolicy.objects.filter(addressee=address.addressee).update(return_days=20)
    freeze(monkeypatch, moment(2026, 10, 20))
    services.address_extend(address=address, actor=responder, days=30, reason="Inquiry")
    freeze(monkeypatch, moment(2026, 11, 25))
    services.address_answer(address=address, actor=responder, text="Answer.", office="O")
    freeze(monkeypatch, moment(2026, 12, 5))
    address.refresh_from_db()

    address = services.address_return(address=address, tracking_code=code, reason="Not really")

    assert address.answer_due_at.date().isoformat() == "2026-12-25"
    assert address.extended_at is None and address.extension_days is None
    steps = [step.text for step in selectors.address_due_steps(address)]
    assert steps == [
        "Registered on 3 October 2026 + 30 days = 2 November 2026",
        "Extended on 20 October 2026 by 30 days: 2 November 2026 + 30 = 2 December 2026",
        "Returned for re-consideration on 5 December 2026 + 20 days = 25 December 2026",
    ]
    page = client.post(reverse("addresses:track"), {"number": address.number, "code": code})
    body = page.content.decode()
    assert "Returned for re-consideration on 5 December 2026" in body
    assert "by 30 days:" not in body.split("How the due date was set")[0]


def test_the_returned_clock_can_be_extended_once_more(monkeypatch):
    address, code, responder = registered_on(monkeypatch, moment(2026, 10, 3))
    services.address_extend(address=address, actor=responder, days=10, reason="Inquiry")
    services.address_answer(address=address, actor=responder, text="Answer.", office="O")
    address.refresh_from_db()
    address = services.address_return(address=address, tracking_code=code, reason="Why?")
    address = services.address_extend(address=address, actor=responder, days=10, reason="More")
    assert address.status == Address.Status.EXTENDED


def test_two_tiers_of_lateness_with_public_lists_and_feeds(monkeypatch, client):
    from xml.etree import ElementTree

    early, _code, _responder = registered_on(monkeypatch, moment(2026, 8, 1))  # due 31 Aug
    addressee = early.addressee
    freeze(monkeypatch, moment(2026, 9, 20))
    recent, _recent_code = make.address(to=addressee)  # due 20 October
    freeze(monkeypatch, moment(2026, 10, 25))  # early 55 days past due, recent 5

    url = reverse("addresses:overdue", kwargs={"slug": addressee.slug})
    newly = client.get(url, {"tier": "newly_overdue"}).content.decode()
    long = client.get(url, {"tier": "long_overdue"}).content.decode()

    assert recent.number in newly and early.number not in newly
    assert early.number in long and recent.number not in long
    assert early.text not in long and early.applicant_name not in long
    feed = client.get(
        reverse("addresses:overdue_feed", kwargs={"slug": addressee.slug, "tier": "long_overdue"})
    )
    assert feed["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(feed.content)  # noqa: S314 - our own feed
    titles = [node.text for node in tree.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"{early.number}: answer 55 days overdue" in titles
    assert client.get(url, {"tier": "sideways"}).status_code == 404


def test_the_overdue_list_sorts_most_or_least_late_and_pages_keep_the_order(monkeypatch, client):
    first, _code, _responder = registered_on(monkeypatch, moment(2026, 9, 1))  # due 1 October
    freeze(monkeypatch, moment(2026, 9, 10))
    second, _second_code = make.address(to=first.addressee)  # due 10 October
    freeze(monkeypatch, moment(2026, 10, 20))
    url = reverse("addresses:overdue", kwargs={"slug": first.addressee.slug})

    most = client.get(url, {"tier": "newly_overdue"}).content.decode()
    least = client.get(url, {"tier": "newly_overdue", "sort": "least_late"}).content.decode()

    assert most.index(first.number) < most.index(second.number)
    assert least.index(second.number) < least.index(first.number)
    assert 'aria-current="true">least late</a>' in least
