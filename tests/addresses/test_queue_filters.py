"""The queue's status and verdict filters: they combine with the others and survive paging."""

import pytest
from django.urls import reverse

from heard.addresses import keyset, services
from heard.addresses.models import Address, Verdict
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    """An address in progress, one answered without a verdict, one answered and judged."""
    waiting, responder = make.assigned_address(text="Open question about roads")
    here = waiting.addressee
    quiet, _code = make.address(to=here, text="Answered question about roads")
    judged, _code = make.address(to=here, text="Answered question about schools")
    for item in (quiet, judged):
        services.address_answer(address=item, actor=responder, text="Done.", office="Office")
    services.address_verdict(address=Address.objects.get(pk=judged.pk), verdict=Verdict.RESOLVED)
    return {"here": here, "responder": responder, "waiting": waiting, "quiet": quiet,
            "judged": judged, "queue": reverse("addresses:queue", args=[here.slug])}


def numbers_on(page) -> set[str]:
    return {item.number for item in page.context["page"].object_list}


def test_the_queue_lists_addresses_in_progress_unless_a_status_is_chosen(client, office):
    client.force_login(office["responder"])

    default = client.get(office["queue"])
    answered = client.get(office["queue"], {"status": "answered"})

    assert numbers_on(default) == {office["waiting"].number}
    assert numbers_on(answered) == {office["quiet"].number, office["judged"].number}


def test_a_verdict_filter_combines_with_the_status_and_the_text_search(client, office):
    client.force_login(office["responder"])

    resolved = client.get(office["queue"], {"status": "answered", "verdict": "resolved"})
    unjudged = client.get(office["queue"], {"status": "answered", "verdict": "none"})
    searched = client.get(
        office["queue"], {"status": "answered", "verdict": "none", "q": "schools"}
    )

    assert numbers_on(resolved) == {office["judged"].number}
    assert numbers_on(unjudged) == {office["quiet"].number}
    assert numbers_on(searched) == set()


def test_the_status_filter_survives_paging(client, office, monkeypatch):
    monkeypatch.setattr(keyset.keyset_page, "__defaults__", (1,))
    client.force_login(office["responder"])

    first = client.get(office["queue"], {"status": "answered", "sort": "-received"})
    cursor = first.context["page"].next_cursor
    second = client.get(office["queue"], {"status": "answered", "sort": "-received",
                                          "after": cursor})

    assert "status=answered" in first.context["query_string"]
    assert numbers_on(first) | numbers_on(second) == {office["quiet"].number,
                                                      office["judged"].number}
    assert not numbers_on(first) & numbers_on(second)


def test_a_bulk_action_on_a_filter_of_closed_addresses_changes_nothing(client, office):
    client.force_login(office["responder"])
    bulk = reverse("addresses:queue_bulk", args=[office["here"].slug])

    shown = client.post(bulk, {"scope": "filter", "filter": "status=answered", "action": "leave",
                               "ground": "unreadable"})

    assert shown.status_code == 400
    assert shown.context["scope"].count == 0
