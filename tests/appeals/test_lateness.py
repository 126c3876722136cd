"""A response published after its due date stays late: on the page, in the lists, in the API."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from heard.appeals import selectors, services
from heard.appeals.models import Appeal
from heard.appeals.selectors import Listing
from heard.core import clock
from tests import factories

pytestmark = pytest.mark.django_db


def answered_days_after_due(days: int) -> Appeal:
    """An appeal whose response came `days` after its due date (0: on the due day)."""
    to = factories.addressee(response_threshold=4)
    appeal = factories.appeal_past_response_threshold(to=to)
    Appeal.objects.filter(pk=appeal.pk).update(
        response_due_at=clock.now() - timedelta(days=days)
    )
    appeal.refresh_from_db()
    services.appeal_respond(
        appeal=appeal,
        responder=factories.responder(to),
        text="The answer.",
        responded_on=date.today(),
        office="Office",
    )
    appeal.refresh_from_db()
    return appeal


def test_a_late_response_is_marked_late_with_its_days_everywhere(client):
    late = answered_days_after_due(22)
    on_time = answered_days_after_due(-3)

    assert selectors.appeal_response_days_late(late) == 22
    assert selectors.appeal_response_days_late(on_time) is None
    late_list = set(
        selectors.appeal_list(listing=Listing.RESPONDED_LATE).values_list("pk", flat=True)
    )
    assert late_list == {late.pk}
    page = client.get(late.get_absolute_url()).content.decode()
    assert "Responded 22 days late" in page
    listing = client.get(reverse("appeals:list") + "?state=responded").content.decode()
    assert "responded 22 days late" in listing
    api = client.get(f"/api/v1/appeals/{late.pk}").json()
    assert api["response_days_late"] == 22 and api["responded_at"] and api["response_due_at"]
    assert client.get(f"/api/v1/appeals/{on_time.pk}").json()["response_days_late"] is None


def test_an_overdue_appeal_shows_how_many_days_it_waits(client):
    to = factories.addressee(response_threshold=4)
    appeal = factories.appeal_past_response_threshold(to=to)
    Appeal.objects.filter(pk=appeal.pk).update(response_due_at=clock.now() - timedelta(days=5))
    appeal.refresh_from_db()

    assert selectors.appeal_response_days_late(appeal) == 5
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert "5 days waiting past the term" in page


def test_the_statistics_count_late_responses_apart(client):
    late = answered_days_after_due(3)
    answered_days_after_due(-1)  # another addressee

    figures = selectors.appeal_response_figures(addressee=late.addressee)

    assert figures["responded_late"] == 1 and figures["responded_on_time"] == 0
    api = client.get(f"/api/v1/addresses/statistics?addressee={late.addressee.slug}").json()
    assert api["appeals"]["responded_late"] == 1
    page = client.get(reverse("addresses:statistics_addressee", args=[late.addressee.slug]))
    assert "Responded late" in page.content.decode()


def test_overdue_appeals_are_newly_then_long_overdue_with_a_feed(client):
    to = factories.addressee(response_threshold=4, long_overdue_days=30)
    newly = factories.appeal_past_response_threshold(to=to, title="Five days")
    long = factories.appeal_past_response_threshold(to=to, title="Forty days")
    Appeal.objects.filter(pk=newly.pk).update(response_due_at=clock.now() - timedelta(days=5))
    Appeal.objects.filter(pk=long.pk).update(response_due_at=clock.now() - timedelta(days=40))

    def listed(listing):
        return set(selectors.appeal_list(listing=listing).values_list("pk", flat=True))

    assert listed(Listing.NEWLY_OVERDUE) == {newly.pk}
    assert listed(Listing.LONG_OVERDUE) == {long.pk}
    assert listed(Listing.OVERDUE) == {newly.pk, long.pk}
    page = client.get(reverse("appeals:list") + "?state=long_overdue").content.decode()
    assert "long overdue" in page and "Forty days" in page
    feed = client.get(reverse("appeals:overdue_feed", args=["long_overdue"]))
    assert feed.status_code == 200 and b"Forty days: response 40 days overdue" in feed.content
    assert b"Five days" not in feed.content
