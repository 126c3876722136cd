"""The queue's query shapes that keep it fast at millions of rows give the same answers as the
plain ones: day filters on the local calendar day, keyset pages across tied due dates, and a
count that is exact when small and an estimate (said to be one) when large."""

from datetime import date
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from heard.addresses import keyset, selectors
from heard.addresses.models import Address
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


def _entered(addressee, at, **fields):
    return make.address(to=addressee, channel="phone", entered_by=factories.superuser(),
                        received_at=at, **fields)[0]


def test_the_received_day_filter_follows_the_local_calendar_day(monkeypatch):
    make.freeze(monkeypatch, make.moment(2026, 11, 20))
    addressee = factories.addressee()
    late_evening = _entered(addressee, make.moment(2026, 11, 13, 23).replace(minute=30))
    next_morning = _entered(addressee, make.moment(2026, 11, 14, 0).replace(minute=10))
    queue = selectors.address_queue(addressee=addressee)

    on_13th = selectors.address_queue_filtered(
        queue, {"received_from": date(2026, 11, 13), "received_to": date(2026, 11, 13)})
    from_14th = selectors.address_queue_filtered(queue, {"received_from": date(2026, 11, 14)})

    assert list(on_13th) == [late_evening]
    assert list(from_14th) == [next_morning]


def test_keyset_pages_by_due_date_cross_ties_without_losing_or_repeating(client, monkeypatch):
    make.freeze(monkeypatch, make.moment(2026, 11, 20))
    addressee = factories.addressee()
    make.route(addressee, make.department(addressee))
    # Received on one day: all share the same answer due date, only ids tell them apart.
    for hour in range(7):
        _entered(addressee, make.moment(2026, 11, 13, 8 + hour))
    client.force_login(factories.responder(addressee))
    queue = reverse("addresses:queue", args=[addressee.slug])
    seen, url = [], queue
    monkeypatch.setattr(keyset.keyset_page, "__defaults__", (2,))
    for _ in range(10):
        page = client.get(url).context["page"]
        seen += [row.number for row in page.object_list]
        if not page.next_cursor:
            break
        url = f"{queue}?after={quote(page.next_cursor)}"
    assert len(seen) == len(set(seen)) == 7


def test_one_received_day_pages_through_that_day_only_in_due_order(client, monkeypatch):
    make.freeze(monkeypatch, make.moment(2026, 11, 20))
    addressee = factories.addressee()
    make.route(addressee, make.department(addressee))
    for day, hours in ((12, (9, 15)), (13, (8, 9, 11, 14, 16)), (14, (8, 10))):
        for hour in hours:
            _entered(addressee, make.moment(2026, 11, day, hour))
    on_13th = list(Address.objects.filter(received_at__day=13).order_by("answer_due_at", "pk")
                   .values_list("number", flat=True))
    client.force_login(factories.responder(addressee))
    queue = reverse("addresses:queue", args=[addressee.slug])
    day = "received_from=2026-11-13&received_to=2026-11-13"
    seen, url = [], f"{queue}?{day}"
    monkeypatch.setattr(keyset.keyset_page, "__defaults__", (2,))
    for _ in range(10):
        page = client.get(url).context["page"]
        seen += [row.number for row in page.object_list]
        if not page.next_cursor:
            break
        url = f"{queue}?{day}&after={quote(page.next_cursor)}"

    assert len(on_13th) == 5
    assert seen == on_13th


def test_a_large_queue_count_is_an_estimate_and_the_page_knows_it(client, monkeypatch):
    first, responder = make.assigned_address()
    for _ in range(4):
        make.address(to=first.addressee)
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 2)
    client.force_login(responder)

    response = client.get(reverse("addresses:queue", args=[first.addressee.slug]))

    total, estimated = response.context["total"], response.context["total_estimated"]
    if connection.vendor == "postgresql":
        assert estimated and total >= 3
    else:
        assert not estimated and total == 5


def test_a_small_queue_is_counted_exactly(client):
    first, responder = make.assigned_address()
    make.address(to=first.addressee)
    client.force_login(responder)

    response = client.get(reverse("addresses:queue", args=[first.addressee.slug]))

    assert response.context["total"] == 2 and response.context["total_estimated"] is False
    assert Address.objects.filter(addressee=first.addressee).count() == 2


def test_a_listing_estimated_far_past_the_cap_is_not_counted_at_all(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite always counts")
    first, _responder = make.assigned_address()
    make.address(to=first.addressee)
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 0)
    queue = selectors.address_queue(addressee=first.addressee)
    monkeypatch.setattr(type(queue), "count", lambda self: pytest.fail("counted"))

    total, estimated = selectors.address_queue_total(queue)

    assert estimated and total >= 1


@pytest.mark.parametrize("language, shown", [
    ("en", "about 12,345 addresses (estimated)"),
    ("ru", "около 12\xa0345 обращений (оценка)"),
])
def test_an_estimated_total_is_shown_as_about(client, monkeypatch, language, shown):
    first, responder = make.assigned_address()
    monkeypatch.setattr(selectors, "address_queue_total", lambda queryset: (12345, True))
    client.force_login(responder)
    with translation.override(language):  # the page's language is in its path
        url = reverse("addresses:queue", args=[first.addressee.slug])

    response = client.get(url)

    assert shown in response.content.decode()


@pytest.mark.parametrize("walk_rows", [2, 3, 100])
def test_a_search_pages_through_every_match_in_due_order_however_sparse(
    client, monkeypatch, walk_rows
):
    make.freeze(monkeypatch, make.moment(2026, 11, 20))
    addressee = factories.addressee()
    make.route(addressee, make.department(addressee))
    for hour in range(9):
        text = "Heating is off in the school" if hour in (1, 2, 7) else "Potholes on the road"
        _entered(addressee, make.moment(2026, 11, 13, 8 + hour), text=text)
    expected = list(Address.objects.filter(text__startswith="Heating")
                    .order_by("answer_due_at", "pk").values_list("number", flat=True))
    monkeypatch.setattr(selectors, "SEARCH_WALK_ROWS", walk_rows)
    monkeypatch.setattr(keyset.keyset_page, "__defaults__", (2,))
    client.force_login(factories.responder(addressee))
    queue = reverse("addresses:queue", args=[addressee.slug])
    seen, url = [], f"{queue}?q=heating"
    for _ in range(10):
        page = client.get(url).context["page"]
        seen += [row.number for row in page.object_list]
        if not page.next_cursor:
            break
        url = f"{queue}?q=heating&after={quote(page.next_cursor)}"

    assert seen == expected and len(expected) == 3
