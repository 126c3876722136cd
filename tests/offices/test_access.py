"""The leak reported in issue 12 (point 3) and the moderators' scope: staff read an appeal only
when their role lets them, and never an appeal before it is theirs to moderate."""

import pytest
from django.urls import reverse

from heard.appeals.models import Appeal
from tests import factories

pytestmark = pytest.mark.django_db

BROKEN_REJECTION = {"decision": "reject", "code": "not-a-code"}


def moderate_url(appeal: Appeal) -> str:
    return reverse("offices:moderate", kwargs={"pk": appeal.pk})


def test_the_defence_office_cannot_read_an_appeal_through_a_broken_rejection(client):
    """As reported: the demo's defence-office (a responder, not a moderator) posted a rejection
    with an invalid code and got the whole appeal in the 400 page."""
    defence = factories.addressee(slug="defence", name="Ministry of Defence")
    awaiting = factories.appeal_in(
        Appeal.Status.AWAITING_MODERATION,
        to=defence,
        title="Open the lists of the missing to their families",
        text="Families wait for months without any word.",
        group_name="Families of the missing",
    )
    client.force_login(factories.responder(defence))

    response = client.post(moderate_url(awaiting), BROKEN_REJECTION)

    assert response.status_code == 403
    body = response.content.decode()
    for shown in (awaiting.title, awaiting.text, awaiting.group_name, *awaiting.demands):
        assert shown not in body
    assert Appeal.objects.get(pk=awaiting.pk).status == Appeal.Status.AWAITING_MODERATION


def test_a_responder_of_another_addressee_sees_nothing_of_an_appeal_awaiting_moderation(client):
    awaiting = factories.appeal_in(Appeal.Status.AWAITING_MODERATION, title="Secret title 7Q")
    client.force_login(factories.responder(factories.addressee()))

    response = client.post(moderate_url(awaiting), BROKEN_REJECTION)

    assert response.status_code == 403 and "Secret title 7Q" not in response.content.decode()


@pytest.mark.parametrize(
    "status",
    [Appeal.Status.DRAFT, Appeal.Status.WITHDRAWN],
)
def test_a_moderator_finds_no_draft_nor_withdrawn_appeal(client, status):
    appeal = factories.appeal_in(status, title="Not yours yet 8R")
    client.force_login(factories.moderator())

    for response in (
        client.post(moderate_url(appeal), BROKEN_REJECTION),
        client.post(moderate_url(appeal), {"decision": "publish"}),
        client.get(reverse("offices:appeal_fraud", kwargs={"pk": appeal.pk})),
    ):
        assert response.status_code == 404
        assert "Not yours yet 8R" not in response.content.decode()
    assert Appeal.objects.get(pk=appeal.pk).status == status


def test_a_moderator_still_sees_why_a_rejection_was_refused(client):
    awaiting = factories.appeal_in(Appeal.Status.AWAITING_MODERATION, title="Awaiting 9S")
    client.force_login(factories.moderator())

    response = client.post(moderate_url(awaiting), BROKEN_REJECTION)

    assert response.status_code == 400 and "Awaiting 9S" in response.content.decode()
