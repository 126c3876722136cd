from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.offices import rules
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressee():
    return factories.addressee()


@pytest.fixture
def other_addressee():
    return factories.addressee()


def permissions(user, addressee, other_addressee) -> dict[str, bool]:
    return {
        "staff": rules.is_staff_member(user),
        "moderate": rules.can_moderate(user),
        "administer": rules.is_administrator(user),
        "respond here": rules.can_respond_for(user, addressee),
        "respond elsewhere": rules.can_respond_for(user, other_addressee),
    }


def test_moderator_moderates_but_responds_for_nobody(addressee, other_addressee):
    assert permissions(factories.moderator(), addressee, other_addressee) == {
        "staff": True,
        "moderate": True,
        "administer": False,
        "respond here": False,
        "respond elsewhere": False,
    }


def test_responder_responds_for_their_addressee_only(addressee, other_addressee):
    assert permissions(factories.responder(addressee), addressee, other_addressee) == {
        "staff": True,
        "moderate": False,
        "administer": False,
        "respond here": True,
        "respond elsewhere": False,
    }


@pytest.mark.parametrize("make", [factories.administrator, factories.superuser])
def test_administrator_and_superuser_may_do_everything(make, addressee, other_addressee):
    assert all(permissions(make(), addressee, other_addressee).values())


def test_anonymous_visitor_may_do_nothing(addressee, other_addressee):
    assert not any(permissions(AnonymousUser(), addressee, other_addressee).values())


def test_plain_account_may_do_nothing(addressee, other_addressee):
    assert not any(permissions(factories.user(), addressee, other_addressee).values())


@pytest.mark.parametrize(
    "make", [factories.moderator, factories.administrator, factories.superuser]
)
def test_inactive_staff_may_do_nothing(make, addressee, other_addressee):
    account = make()
    account.is_active = False
    account.save()

    assert not any(permissions(account, addressee, other_addressee).values())


# Staff pages


@pytest.fixture
def answerable():
    return factories.appeal_past_response_threshold()


def staff_urls(appeal: Appeal) -> list[str]:
    return [
        reverse("offices:dashboard"),
        reverse("offices:moderation"),
        reverse("offices:responses", kwargs={"slug": appeal.addressee.slug}),
        reverse("offices:respond", kwargs={"pk": appeal.pk}),
    ]


def test_anonymous_visitor_is_sent_to_log_in(client, answerable):
    for url in staff_urls(answerable):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("offices:login")), url
    moderate = reverse("offices:moderate", kwargs={"pk": answerable.pk})
    assert client.post(moderate).status_code == 302


def test_account_without_a_role_is_forbidden(client, answerable):
    client.force_login(factories.user())

    for url in staff_urls(answerable):
        assert client.get(url).status_code == 403, url


def test_inactive_staff_cannot_use_staff_pages(client, answerable):
    account = factories.moderator()
    account.is_active = False
    account.save()
    client.force_login(account)

    assert client.get(reverse("offices:moderation")).status_code != 200


def test_responder_of_another_addressee_finds_nothing_of_this_one(client, answerable):
    client.force_login(factories.responder(factories.addressee()))

    assert client.get(reverse("offices:dashboard")).status_code == 200
    assert client.get(reverse("offices:moderation")).status_code == 403
    for url in staff_urls(answerable)[2:]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("offices:respond", kwargs={"pk": answerable.pk}),
        {"text": "x", "responded_on": "2024-01-01", "office": "x"},
    )
    assert response.status_code == 404
    assert Appeal.objects.get(pk=answerable.pk).responded_at is None


def test_responder_cannot_moderate(client):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    client.force_login(factories.responder(appeal.addressee))

    response = client.post(reverse("offices:moderate", kwargs={"pk": appeal.pk}))

    assert response.status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.AWAITING_MODERATION


def test_moderator_publishes_and_rejects_from_the_queue(client):
    first = factories.appeal_in(Appeal.Status.AWAITING_MODERATION, title="First")
    second = factories.appeal_in(Appeal.Status.AWAITING_MODERATION, title="Second")
    client.force_login(factories.moderator())
    queue = client.get(reverse("offices:moderation")).content.decode()
    assert "First" in queue and "Second" in queue

    client.post(reverse("offices:moderate", kwargs={"pk": first.pk}), {"decision": "publish"})
    client.post(
        reverse("offices:moderate", kwargs={"pk": second.pk}),
        {"decision": "reject", "code": "offensive", "details": "Insults."},
    )

    assert Appeal.objects.get(pk=first.pk).status == Appeal.Status.OPEN
    assert Appeal.objects.get(pk=second.pk).rejection_code == "offensive"


def test_moderation_errors_are_explained(client):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    client.force_login(factories.moderator())
    url = reverse("offices:moderate", kwargs={"pk": appeal.pk})

    bad_code = client.post(url, {"decision": "reject", "code": "boring"})
    client.post(url, {"decision": "publish"})
    twice = client.post(url, {"decision": "publish"})

    assert bad_code.status_code == 400
    assert twice.status_code == 400
    assert "awaiting moderation can be published" in twice.content.decode()
    assert client.post(reverse("offices:moderate", kwargs={"pk": 10**9})).status_code == 404


def test_responder_publishes_the_response_from_the_staff_page(client, answerable):
    client.force_login(factories.responder(answerable.addressee))
    queue = client.get(reverse("offices:responses", kwargs={"slug": answerable.addressee.slug}))
    assert answerable.title in queue.content.decode()
    url = reverse("offices:respond", kwargs={"pk": answerable.pk})

    empty = client.post(url, {})
    future = client.post(url, {"text": "x", "responded_on": "2999-01-01", "office": "x"})
    done = client.post(
        url, {"text": "Answer", "responded_on": date.today().isoformat(), "office": "Office"}
    )

    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert future.status_code == 400 and "future" in future.content.decode()
    assert done.status_code == 302
    assert Appeal.objects.get(pk=answerable.pk).responded_at is not None


def test_a_moderator_without_admin_access_logs_in_on_the_staff_page(client):
    moderator = factories.moderator()

    page = client.get(reverse("offices:dashboard"))
    assert page.status_code == 302 and page.url.startswith(reverse("offices:login"))

    response = client.post(
        reverse("offices:login"),
        {"username": moderator.username, "password": "pw-for-tests-only"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("offices:dashboard")
    assert reverse("offices:moderation") in response.content.decode()


def test_a_wrong_password_on_the_staff_page_gets_an_error_not_a_login(client):
    moderator = factories.moderator()
    response = client.post(
        reverse("offices:login"), {"username": moderator.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# Scopes: what each role reaches through the staff pages' URLs (heard.core.access)


def test_a_responder_reaches_the_published_appeals_of_their_addressee_only(addressee):
    own = factories.appeal_in(Appeal.Status.OPEN, to=addressee)
    factories.appeal_in(Appeal.Status.AWAITING_MODERATION, to=addressee)
    factories.appeal_in(Appeal.Status.OPEN)
    responder = factories.responder(addressee)

    assert list(rules.addressees_responded_for(responder)) == [addressee]
    assert list(rules.appeals_answered(responder)) == [own]
    assert rules.has_responder_role(responder) and not rules.has_responder_role(
        factories.moderator()
    )


def test_moderators_reach_confirmed_appeals_never_drafts_nor_withdrawn_ones():
    status = Appeal.Status
    reachable = {
        factories.appeal_in(state)
        for state in (
            status.GATHERING_SPONSORS, status.AWAITING_MODERATION, status.OPEN, status.REJECTED
        )
    }
    for state in (status.DRAFT, status.WITHDRAWN):
        factories.appeal_in(state)

    assert set(rules.appeals_moderated(factories.moderator())) == reachable
