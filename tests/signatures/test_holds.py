"""Signatures over a rate limit are held, not lost: the signer sees the usual page, moderators
see the evidence and release them (their links go out) or invalidate them, audited."""

import pytest
from django.core import mail
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.core.audit import audit_events_for
from heard.core.errors import PermissionDenied
from heard.signatures import holds
from heard.signatures.models import Signature
from heard.signatures.privacy import ip_digest
from tests import factories
from tests.signatures.test_views import sign_form, sign_url

pytestmark = pytest.mark.django_db

HELD = Signature.Status.HELD


@pytest.fixture
def open_appeal():
    return factories.appeal_in(Appeal.Status.OPEN, to=factories.addressee(response_threshold=500))


@pytest.fixture
def over_the_burst(open_appeal, settings):
    """Five signatures from one connection with a burst limit of two: three are held."""
    settings.HEARD_RATE_BURST = 2
    mail.outbox.clear()
    return [factories.sign(open_appeal, ip="198.51.100.7", confirm=False) for _ in range(5)]


def test_a_signer_over_the_limit_sees_the_usual_page_and_is_held(client, open_appeal, settings):
    settings.HEARD_RATE_BURST = 0
    mail.outbox.clear()

    response = client.post(sign_url(open_appeal), sign_form(), follow=True)

    assert "Check your e-mail" in response.content.decode()
    held = open_appeal.signatures.get(**factories.by_email("vera@example.org"))
    assert held.status == HELD
    assert mail.outbox == []


def test_one_email_signing_many_appeals_a_day_is_held_beyond_the_cap(settings):
    settings.HEARD_MAIL_DAILY = 3
    mail.outbox.clear()
    appeals = [factories.appeal_in(Appeal.Status.OPEN) for _ in range(5)]

    statuses = [
        factories.sign(appeal, email="victim@example.org", confirm=False).status
        for appeal in appeals
    ]

    assert statuses == ["pending"] * 3 + [HELD] * 2
    mailed_to_victim = [m for m in mail.outbox if m.to == ["victim@example.org"]]
    assert len(mailed_to_victim) == 3


def test_held_counts_show_per_appeal_with_the_evidence(client, open_appeal, over_the_burst):
    client.force_login(factories.moderator())

    listing = client.get(reverse("offices:held_appeals")).content.decode()
    page = client.get(reverse("offices:appeal_held", kwargs={"pk": open_appeal.pk}))

    assert open_appeal.title in listing
    body = page.content.decode()
    assert "3 signatures are held." in body
    assert ip_digest("198.51.100.7") in body
    assert "example.org" in body


def test_releasing_sends_the_links_and_lets_them_count(client, open_appeal, over_the_burst):
    moderator = factories.moderator()
    client.force_login(moderator)

    response = client.post(
        reverse("offices:appeal_held", kwargs={"pk": open_appeal.pk}), {"action": "release"}
    )

    assert response.status_code == 302
    assert not open_appeal.signatures.filter(status=HELD).exists()
    assert len(mail.outbox) == 5  # two at signing, three on release
    events = audit_events_for(subject=open_appeal).filter(verb="signatures_released")
    event = events.last()
    assert event.data["count"] == 3
    assert event.actor == moderator


def test_invalidating_held_signatures_takes_only_the_held_ones(client, open_appeal, over_the_burst):
    client.force_login(factories.moderator())

    client.post(
        reverse("offices:appeal_held", kwargs={"pk": open_appeal.pk}),
        {"action": "invalidate", "reason": "one connection, one minute"},
    )

    flood = open_appeal.signatures.filter(ip_digest=ip_digest("198.51.100.7"))
    statuses = sorted(flood.values_list("status", flat=True))
    assert statuses == ["invalidated"] * 3 + ["pending"] * 2
    assert len(mail.outbox) == 2


def test_release_can_be_narrowed_by_ip(open_appeal, over_the_burst):
    factories.sign(open_appeal, ip="203.0.113.5", confirm=False, held=True)

    released = holds.signatures_release(
        appeal=open_appeal, moderator=factories.moderator(), ip="203.0.113.5"
    )

    assert released == 1
    assert open_appeal.signatures.filter(status=HELD).count() == 3


def test_only_moderators_release(open_appeal, over_the_burst):
    with pytest.raises(PermissionDenied):
        holds.signatures_release(appeal=open_appeal, moderator=factories.user())


@pytest.mark.parametrize("who", ["anonymous", "responder"])
def test_held_pages_are_for_moderators_only(client, open_appeal, over_the_burst, who):
    if who == "responder":
        client.force_login(factories.responder(open_appeal.addressee))
    for url in (
        reverse("offices:held_appeals"),
        reverse("offices:appeal_held", kwargs={"pk": open_appeal.pk}),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert open_appeal.title not in response.content.decode()
    response = client.post(
        reverse("offices:appeal_held", kwargs={"pk": open_appeal.pk}), {"action": "release"}
    )
    assert response.status_code in (302, 403)
    assert open_appeal.signatures.filter(status=HELD).count() == 3
