from datetime import date, timedelta

import pytest

from heard.appeals import selectors, services
from heard.appeals.models import Appeal
from heard.appeals.selectors import Listing
from tests import factories

pytestmark = pytest.mark.django_db

Status = Appeal.Status


def listed(listing: str, **filters) -> set[int]:
    return set(selectors.appeal_list(listing=listing, **filters).values_list("pk", flat=True))


@pytest.fixture
def appeals():
    """One appeal in each place a visitor can find it, plus some never shown."""
    to = factories.addressee(response_threshold=4)
    awaiting = factories.appeal_past_response_threshold(to=to, title="Awaiting")
    responded = factories.appeal_past_response_threshold(to=to, title="Responded")
    services.appeal_respond(
        appeal=responded,
        responder=factories.responder(to),
        text="Answer",
        responded_on=date.today(),
        office="Office",
    )
    return {
        "open": factories.appeal_in(Status.OPEN, to=to, title="Quiet"),
        "awaiting": awaiting,
        "responded": responded,
        "closed": factories.appeal_in(Status.CLOSED, to=to, title="Closed"),
        "rejected": factories.appeal_in(Status.REJECTED, to=to, title="Rejected"),
        "draft": factories.appeal_in(Status.DRAFT, to=to),
        "gathering": factories.appeal_in(Status.GATHERING_SPONSORS, to=to),
        "moderation": factories.appeal_in(Status.AWAITING_MODERATION, to=to),
        "withdrawn": factories.appeal_in(Status.WITHDRAWN, to=to),
    }


def pks(appeals, *names) -> set[int]:
    return {appeals[name].pk for name in names}


def test_each_listing_shows_its_appeals(appeals):
    assert listed(Listing.OPEN) == pks(appeals, "open", "awaiting", "responded")
    assert listed(Listing.AWAITING_RESPONSE) == pks(appeals, "awaiting")
    assert listed(Listing.OVERDUE) == set()
    assert listed(Listing.RESPONDED) == pks(appeals, "responded")
    assert listed(Listing.CLOSED) == pks(appeals, "closed")
    assert listed(Listing.REJECTED) == pks(appeals, "rejected")
    assert listed(Listing.ALL) == pks(
        appeals, "open", "awaiting", "responded", "closed", "rejected"
    )


def test_unknown_listing_falls_back_to_open(appeals):
    assert listed("nonsense") == listed(Listing.OPEN)


def test_appeal_without_response_becomes_overdue_when_time_passes(appeals, move_time):
    awaiting = appeals["awaiting"]
    move_time(timedelta(days=awaiting.addressee.response_days, minutes=1))

    assert listed(Listing.OVERDUE) == {awaiting.pk}
    assert listed(Listing.AWAITING_RESPONSE) == set()
    assert selectors.appeal_response_state(Appeal.objects.get(pk=awaiting.pk)) == "overdue"
    responded = Appeal.objects.get(pk=appeals["responded"].pk)
    assert selectors.appeal_response_state(responded) == "responded"
    assert selectors.appeal_response_state(appeals["open"]) == "not_due"


def test_a_rejected_appeal_is_never_awaiting_a_response(move_time):
    appeal = factories.appeal_past_response_threshold()
    services.appeal_reject(appeal=appeal, moderator=factories.moderator(), code="duplicate")
    move_time(timedelta(days=appeal.addressee.response_days + 1))

    assert appeal.pk not in listed(Listing.OVERDUE) | listed(Listing.AWAITING_RESPONSE)
    assert selectors.appeal_response_state(Appeal.objects.get(pk=appeal.pk)) == "not_due"


def test_search_finds_title_group_and_text_but_not_hidden_text():
    to = factories.addressee()
    by_title = factories.appeal_in(Status.OPEN, to=to, title="Fix the bridge")
    by_group = factories.appeal_in(Status.OPEN, to=to, group_name="Bridge lovers")
    by_text = factories.appeal_in(Status.OPEN, to=to, text="The old BRIDGE is falling")
    hidden = factories.appeal_in(Status.AWAITING_MODERATION, to=to, text="bridge spam")
    services.appeal_reject(appeal=hidden, moderator=factories.moderator(), code="advertising")
    factories.appeal_in(Status.OPEN, to=to, title="Something else")

    assert listed(Listing.ALL, query="bridge") == {by_title.pk, by_group.pk, by_text.pk}


def test_addressee_filter_keeps_only_that_addressees_appeals():
    mine = factories.appeal_in(Status.OPEN)
    factories.appeal_in(Status.OPEN)

    assert listed(Listing.OPEN, addressee_slug=mine.addressee.slug) == {mine.pk}
    assert listed(Listing.OPEN, addressee_slug="nobody") == set()


def test_open_appeals_are_ordered_by_signatures():
    to = factories.addressee(response_threshold=100)
    fewer = factories.appeal_in(Status.OPEN, to=to)
    more = factories.appeal_in(Status.OPEN, to=to)
    factories.sign(more)

    assert list(selectors.appeal_list(listing=Listing.OPEN))[:2] == [
        Appeal.objects.get(pk=more.pk),
        Appeal.objects.get(pk=fewer.pk),
    ]


def test_only_public_appeals_can_be_fetched(appeals):
    for name in ("open", "closed", "rejected"):
        assert selectors.appeal_public_get(pk=appeals[name].pk) is not None
    for name in ("draft", "gathering", "moderation", "withdrawn"):
        assert selectors.appeal_public_get(pk=appeals[name].pk) is None


def test_listing_counts_match_the_listings(appeals):
    counts = selectors.appeal_listing_counts()

    assert counts[Listing.OPEN] == 3
    assert counts[Listing.RESPONDED] == 1
    assert counts[Listing.ALL] == 5
