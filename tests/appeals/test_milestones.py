"""Nobody is left in the dark: signers who asked are told each milestone, the initiator is told
of publication, rejection, thresholds, lateness and slow moderation, each once."""

from datetime import timedelta

import pytest
from django.core import mail

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.core import clock
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _everyone_reads_english(monkeypatch):
    """Signers and initiators here chose English: the mails are read in it."""
    from heard.signatures import services as signature_services

    create = signature_services.signature_create

    def in_english(**kwargs):
        return create(**(kwargs | {"language": "en"}))

    monkeypatch.setattr(signature_services, "signature_create", in_english)


def to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_the_response_threshold_is_announced_with_its_due_date():
    appeal = factories.appeal_in(Appeal.Status.OPEN, to=factories.addressee(response_threshold=6))
    factories.sign(appeal, email="wants@example.org", notify=True)
    factories.sign(appeal, email="quiet@example.org", notify=False)
    initiator = factories.creator_signature(appeal)
    mail.outbox.clear()

    while Appeal.objects.get(pk=appeal.pk).response_threshold_reached_at is None:
        factories.sign(appeal)

    [signer_mail] = to("wants@example.org")
    assert "reached its response threshold" in signer_mail.subject
    assert "must respond by" in signer_mail.body
    assert to("quiet@example.org") == []
    [initiator_mail] = to(initiator.email)
    assert "Your appeal reached its response threshold" in initiator_mail.subject


def test_an_overdue_response_is_announced_once_to_signers_and_initiator():
    appeal = factories.appeal_past_response_threshold()
    factories.sign(appeal, email="wants@example.org", notify=True)
    Appeal.objects.filter(pk=appeal.pk).update(response_due_at=clock.now() - timedelta(days=1))
    initiator = factories.creator_signature(appeal)
    mail.outbox.clear()

    assert services.appeals_overdue_notify() == 1
    assert services.appeals_overdue_notify() == 0

    assert len(to("wants@example.org")) == 1
    assert "overdue" in to(initiator.email)[0].subject


def test_the_initiator_hears_of_publication_and_rejection_with_the_reason():
    moderator = factories.moderator()
    published = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    rejected = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    mail.outbox.clear()

    services.appeal_publish(appeal=published, moderator=moderator)
    services.appeal_reject(
        appeal=rejected, moderator=moderator, code="duplicate", details="See appeal 1."
    )

    subjects = [m.subject for m in to(factories.creator_signature(published).email)]
    assert any("Your appeal is published" in subject for subject in subjects)
    [reject_mail] = to(factories.creator_signature(rejected).email)
    assert "not published" in reject_mail.subject and "See appeal 1." in reject_mail.body


def test_moderation_slower_than_its_target_is_listed_and_the_initiator_told(client, settings):
    settings.HEARD_MODERATION_TARGET_DAYS = 7
    waiting = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    Appeal.objects.filter(pk=waiting.pk).update(
        moderation_requested_at=clock.now() - timedelta(days=8)
    )
    mail.outbox.clear()

    assert services.appeals_moderation_late_notify() == 1
    assert services.appeals_moderation_late_notify() == 0

    assert "longer than it should" in to(factories.creator_signature(waiting).email)[0].subject
    client.force_login(factories.moderator())
    page = client.get("/staff/moderation/").content.decode()
    assert "longer than the target" in page and "1 appeal waits longer" in page


def test_the_initiator_is_spoken_to_as_the_initiator(client):
    from django.urls import reverse

    from tests.appeals.test_views import create_form_data

    mail.outbox.clear()
    page = client.post(reverse("signatures:start"), create_form_data(), follow=True)

    assert "to create your appeal" in page.content.decode()
    assert "Confirm your appeal" in mail.outbox[-1].subject
    assert "to create your appeal" in mail.outbox[-1].body
    assert "confirm your signature" not in mail.outbox[-1].body
