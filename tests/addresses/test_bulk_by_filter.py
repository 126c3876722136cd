"""A bulk action on every address matching the queue's filter (decision 0517): the filter travels,
not the ids; the confirmation counts; the confirming POST acts only on the set it counted."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from heard.addresses.models import Address, AnswerTemplate, Campaign
from heard.core.models import AuditEvent
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    """Three addresses about unit 12345 (one without an e-mail), one about roads."""
    first, responder = make.assigned_address(text="Where is unit 12345 now?")
    here = first.addressee
    second, _code = make.address(to=here, text="My son serves in unit 12345.")
    silent, _code = make.address(to=here, text="Unit 12345, when home?", email="")
    roads, _code = make.address(to=here, text="The road to the village is broken.")
    template = AnswerTemplate.objects.create(
        addressee=here, title="Unit", text="The unit's terms are set by decree."
    )
    return {
        "here": here,
        "responder": responder,
        "matching": [first, second, silent],
        "roads": roads,
        "template": template,
        "bulk": reverse("addresses:queue_bulk", args=[here.slug]),
    }


def by_filter(office, **extra) -> dict:
    return {
        "scope": "filter",
        "filter": "q=unit+12345&queue=all",
        "action": "answer",
        "template": office["template"].pk,
    } | extra


def fingerprint_of(response) -> str:
    return re.search(r'name="fingerprint" value="(\w+)"', response.content.decode()).group(1)


def answered() -> set[int]:
    return set(Address.objects.filter(status=Address.Status.ANSWERED).values_list("pk", flat=True))


def test_the_queue_offers_every_address_matching_its_filter(client, office):
    client.force_login(office["responder"])
    page = client.get(reverse("addresses:queue", args=[office["here"].slug]), {"q": "unit 12345"})
    body = page.content.decode()
    assert "all 3 addresses matching this filter" in body
    assert 'name="filter" value="q=unit+12345"' in body


def test_confirmation_counts_the_matching_addresses_and_emails_and_changes_nothing(
    client, office
):
    client.force_login(office["responder"])

    asked = client.post(office["bulk"], by_filter(office))

    body = asked.content.decode()
    assert asked.status_code == 200
    assert "3 addresses will change." in body and "2 e-mails go out" in body
    assert "Text or number: unit 12345" in body
    assert answered() == set()


def test_confirmed_action_changes_exactly_the_matching_addresses_each_audited(client, office):
    client.force_login(office["responder"])
    asked = client.post(office["bulk"], by_filter(office))
    mail.outbox.clear()

    done = client.post(
        office["bulk"], by_filter(office, confirm="yes", fingerprint=fingerprint_of(asked))
    )

    assert done.status_code == 302
    assert answered() == {address.pk for address in office["matching"]}
    for address in office["matching"]:
        event = AuditEvent.objects.filter(
            subject_type="addresses.address", subject_id=address.pk, verb="answered"
        ).get()
        assert event.actor == office["responder"]
    assert len(mail.outbox) == 2


def test_a_set_that_changed_since_the_confirmation_changes_nothing_until_confirmed_again(
    client, office
):
    client.force_login(office["responder"])
    asked = client.post(office["bulk"], by_filter(office))
    late, _code = make.address(to=office["here"], text="Unit 12345 again, please.")

    refused = client.post(
        office["bulk"], by_filter(office, confirm="yes", fingerprint=fingerprint_of(asked))
    )

    assert refused.status_code == 409
    assert "4 addresses will change." in refused.content.decode()
    assert answered() == set()
    again = client.post(
        office["bulk"], by_filter(office, confirm="yes", fingerprint=fingerprint_of(refused))
    )
    assert again.status_code == 302
    assert answered() == {address.pk for address in office["matching"]} | {late.pk}


def test_an_address_leaving_the_set_also_stops_the_confirmed_action(client, office):
    client.force_login(office["responder"])
    asked = client.post(office["bulk"], by_filter(office))
    Address.objects.filter(pk=office["matching"][0].pk).update(text="Something else.")

    refused = client.post(
        office["bulk"], by_filter(office, confirm="yes", fingerprint=fingerprint_of(asked))
    )

    assert refused.status_code == 409
    assert answered() == set()


def test_more_matching_addresses_than_one_action_may_change_are_refused(
    client, office, settings
):
    settings.HEARD_QUEUE_BULK_MAX = 2
    client.force_login(office["responder"])

    asked = client.post(office["bulk"], by_filter(office))
    forced = client.post(office["bulk"], by_filter(office, confirm="yes", fingerprint="x"))

    assert asked.status_code == 400
    body = asked.content.decode()
    assert "3 addresses match; one bulk action changes at most 2." in body
    assert 'name="confirm"' not in body
    assert forced.status_code == 400
    assert answered() == set()


def test_an_invalid_filter_is_not_taken_for_the_whole_queue(client, office):
    client.force_login(office["responder"])

    forced = client.post(
        office["bulk"],
        by_filter(office, filter="q=unit+12345&received_from=not-a-date", confirm="yes"),
    )

    assert forced.status_code == 400
    assert answered() == set()


def test_another_office_can_neither_use_the_bulk_action_nor_reach_its_addresses(client, office):
    other = factories.addressee()
    other_responder = factories.responder(other)
    make.address(to=other, text="Unit 12345 in the other office.")
    client.force_login(other_responder)

    foreign = client.post(office["bulk"], by_filter(office, confirm="yes"))
    own = client.post(
        reverse("addresses:queue_bulk", args=[other.slug]),
        by_filter(office, action="leave", ground="unreadable", template=""),
    )

    assert foreign.status_code == 404
    body = own.content.decode()
    assert "1 address will change." in body  # its own address only
    assert answered() == set()


def test_a_filter_naming_another_offices_campaign_matches_nothing_of_theirs(client, office):
    other = factories.addressee()
    other_responder = factories.responder(other)
    now = timezone.now()
    theirs = Campaign.objects.create(
        addressee=office["here"],
        slug="theirs",
        title="Theirs",
        starts_at=now,
        ends_at=now,
        created_at=now,
    )
    Address.objects.filter(pk__in=[a.pk for a in office["matching"]]).update(campaign=theirs)
    client.force_login(other_responder)

    asked = client.post(
        reverse("addresses:queue_bulk", args=[other.slug]),
        {
            "scope": "filter",
            "filter": f"campaign={theirs.pk}",
            "action": "leave",
            "ground": "unreadable",
            "confirm": "yes",
            "fingerprint": "x",
        },
    )

    assert asked.status_code == 400
    assert not Address.objects.filter(status=Address.Status.LEFT_WITHOUT_ANSWER).exists()
