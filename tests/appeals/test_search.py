"""Searching and sorting the public lists (heard/appeals/search.py): what a visitor finds."""

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from heard.appeals import search, selectors, services
from heard.appeals.models import Appeal
from heard.appeals.search import Sort
from heard.appeals.selectors import Listing
from tests import factories

pytestmark = pytest.mark.django_db

Status = Appeal.Status


def found(query: str, listing: str = Listing.ALL, **options) -> list[str]:
    appeals = selectors.appeal_list(listing=listing, query=query, **options)
    return [appeal.title for appeal in appeals]


def test_search_finds_appeals_in_every_public_state():
    factories.appeal_in(Status.OPEN, title="Repair the bridge on Lenina street")
    factories.appeal_in(Status.CLOSED, title="A new bridge over the river")
    factories.appeal_in(Status.REJECTED, title="Paint the bridge pink")
    factories.appeal_in(Status.DRAFT, title="A bridge nobody sees yet")

    assert set(found("bridge")) == {
        "Repair the bridge on Lenina street",
        "A new bridge over the river",
        "Paint the bridge pink",
    }


def test_search_matches_the_group_and_the_text():
    factories.appeal_in(Status.OPEN, title="First", group_name="Soldiers' mothers")
    factories.appeal_in(Status.OPEN, title="Second", text="Bring the reservists home.")

    assert found("mothers") == ["First"]
    assert found("reservists") == ["Second"]


def test_russian_words_are_found_whatever_their_case():
    factories.appeal_in(Status.OPEN, title="Вернуть мобилизованных домой")

    assert found("мобилизованных") == ["Вернуть мобилизованных домой"]
    assert found("вернуть") == ["Вернуть мобилизованных домой"]


def test_the_text_of_an_appeal_rejected_for_what_it_says_is_not_searched():
    hidden = factories.appeal_in(Status.OPEN, title="Hidden", text="Buy cheap watches")
    services.appeal_reject(appeal=hidden, moderator=factories.moderator(), code="advertising")
    factories.appeal_in(Status.REJECTED, title="Shown", text="Cheap bread for everyone")

    assert found("cheap") == ["Shown"]


def test_each_sort_puts_its_appeal_first(move_time):
    to = factories.addressee(response_threshold=3)
    older = factories.appeal_past_response_threshold(to=to, title="Waiting longest")
    Appeal.objects.filter(pk=older.pk).update(signature_count=1000)
    closing = factories.appeal_in(Status.OPEN, to=to, title="Closing soon")
    factories.appeal_in(Status.CLOSED, to=to, title="Closed long ago")
    move_time(timedelta(days=2))
    newest = factories.appeal_in(Status.OPEN, to=to, title="Newest")
    Appeal.objects.filter(pk=closing.pk).update(closes_at=newest.opened_at)

    assert found("", sort=Sort.SIGNATURES)[0] == "Waiting longest"
    assert found("", sort=Sort.NEWEST)[0] == "Newest"
    assert found("", sort=Sort.CLOSING)[0] == "Closing soon"
    assert found("", sort=Sort.AWAITING_LONGEST)[0] == "Waiting longest"
    # The closed appeal's past closing date does not put it before the open ones.
    assert found("", sort=Sort.CLOSING)[-1] == "Closed long ago"


def test_an_unknown_sort_keeps_the_listing_order():
    factories.appeal_in(Status.OPEN, title="Only one")
    assert found("", sort="nonsense") == ["Only one"]


def test_the_list_page_searches_all_states_and_sorts_by_link(client):
    factories.appeal_in(Status.OPEN, title="Open bridge")
    factories.appeal_in(Status.CLOSED, title="Closed bridge")

    response = client.get(reverse("appeals:list"), {"q": "bridge", "sort": "newest"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Open bridge" in text and "Closed bridge" in text
    assert "2 appeals found" in text
    # The sort links keep the search; the current sort is marked.
    assert 'href="?q=bridge&amp;sort=closing"' in text
    assert 'href="?q=bridge&amp;sort=newest" aria-current="true"' in text


def test_a_bad_sort_value_still_searches(client):
    factories.appeal_in(Status.OPEN, title="Open bridge")
    factories.appeal_in(Status.OPEN, title="Other")

    response = client.get(reverse("appeals:list"), {"q": "bridge", "sort": "<script>"})

    assert response.status_code == 200
    assert "Open bridge" in response.content.decode()
    assert "Other" not in response.content.decode()


def test_the_home_page_offers_search_across_all_states(client):
    text = client.get(reverse("appeals:home")).content.decode()

    assert f'action="{reverse("appeals:list")}"' in text
    assert 'type="search" name="q"' in text
    assert "?sort=closing" in text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full text")
def test_the_search_matches_the_stored_vectors_the_migration_made():
    migration = importlib.import_module("heard.appeals.migrations.0003_pages16_search_indexes")
    assert search.vector_sql(qualify=False) == migration.VECTOR
    appeals = selectors.appeal_list(listing=Listing.ALL, query="bridge")
    with connection.cursor() as cursor:
        sql, params = appeals.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_vector @@" in plan, plan
    # No text is stemmed again at search time: the stored vectors are matched.
    assert "to_tsvector" not in plan
