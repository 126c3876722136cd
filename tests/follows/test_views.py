"""The follow form as a public write: labelled, limited, refusing what it cannot use."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.follows.models import Follow
from tests import factories
from tests.html import controls_without_labels, dangling_descriptions

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal():
    return factories.appeal_in(Appeal.Status.OPEN, title="Repair the bridge")


def test_the_form_names_what_is_followed_and_labels_its_field(client, appeal):
    page = client.get(reverse("follows:follow"), {"appeal": appeal.pk}).content.decode()

    assert "Repair the bridge" in page
    assert controls_without_labels(page) == [] and dangling_descriptions(page) == []
    assert f'value="{appeal.pk}"' in page


def test_every_followable_thing_has_a_form(client, appeal):
    slug = appeal.addressee.slug
    for query in ({"addressee": slug}, {"list": "overdue"}, {"list": "new", "addressee": slug}):
        assert client.get(reverse("follows:follow"), query).status_code == 200


@pytest.mark.parametrize(
    "query",
    [{}, {"appeal": "999999"}, {"list": "closed"}, {"addressee": "nobody"}, {"appeal": "x"}],
)
def test_nothing_to_follow_is_not_found(client, query):
    assert client.get(reverse("follows:follow"), query).status_code == 404


def test_a_draft_cannot_be_followed(client):
    draft = factories.draft_appeal()
    response = client.post(
        reverse("follows:follow"), {"email": "a@example.org", "appeal": draft.pk}
    )
    assert response.status_code == 400
    assert not Follow.objects.exists()


@pytest.mark.parametrize("email", ["", "not-an-address", "a" * 300 + "@example.org"])
def test_a_bad_address_is_refused_with_the_reason(client, appeal, email):
    mail.outbox.clear()
    response = client.post(reverse("follows:follow"), {"email": email, "appeal": appeal.pk})

    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Follow.objects.exists() and mail.outbox == []


def test_a_null_character_is_refused_before_the_form(client, appeal):
    response = client.post(
        reverse("follows:follow"), {"email": "a\x00@example.org", "appeal": appeal.pk}
    )
    assert response.status_code == 400


def test_too_many_requests_get_the_429_page(client, appeal, settings):
    settings.HEARD_LIMITS = {"follow": {"ip": [(2, 600)]}}
    codes = [
        client.post(
            reverse("follows:follow"), {"email": f"r{n}@example.org", "appeal": appeal.pk}
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    refused = client.post(
        reverse("follows:follow"), {"email": "x@example.org", "appeal": appeal.pk}
    )
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many attempts" in refused.content.decode()
    assert Follow.objects.count() == 2


def test_one_address_cannot_be_mailed_without_end(client, appeal, settings):
    settings.HEARD_LIMITS = {"follow": {"email": [(2, 86400)]}}
    codes = [
        client.post(
            reverse("follows:follow"), {"email": "victim@example.org", "appeal": appeal.pk}
        ).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]


def test_only_the_unsubscribe_link_skips_the_csrf_check(appeal):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("follows:follow"), {"email": "a@example.org", "appeal": appeal.pk}
    )
    assert response.status_code == 403
    confirm = reverse("follows:confirm", kwargs={"token": "whatever"})
    assert strict.post(confirm).status_code == 403


def test_a_forged_link_is_refused(client):
    for name in ("confirm", "unsubscribe"):
        response = client.post(reverse(f"follows:{name}", kwargs={"token": "1:forged"}))
        assert response.status_code == 400
        assert "not valid" in response.content.decode()


def test_a_confirmation_link_does_not_unsubscribe(client, appeal):
    from heard.follows.tokens import follow_token

    client.post(reverse("follows:follow"), {"email": "a@example.org", "appeal": appeal.pk})
    token = follow_token(Follow.objects.get(), purpose="confirm")

    response = client.post(reverse("follows:unsubscribe", kwargs={"token": token}))

    assert response.status_code == 400 and Follow.objects.exists()


def test_pages_with_a_secret_in_the_address_are_not_kept_by_caches(client, appeal):
    from heard.follows.tokens import follow_token

    client.post(reverse("follows:follow"), {"email": "a@example.org", "appeal": appeal.pk})
    token = follow_token(Follow.objects.get(), purpose="unsubscribe")

    response = client.get(reverse("follows:unsubscribe", kwargs={"token": token}))

    assert "no-store" in response["Cache-Control"]
