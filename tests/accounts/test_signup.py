import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from heard.addresses.models import Organisation
from tests import factories

FORM = {
    "name": "Widows' help",
    "description": "We help.",
    "password": "a-long-password-for-tests",
}


def _sign_up(client, email: str):
    return client.post(reverse("addresses:organisation_register"), FORM | {"email": email})


def _page(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.django_db
def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(client, mailoutbox):
    existing = factories.user(username="taken@example.org")
    new = _sign_up(client, "new@example.org")
    taken = _sign_up(client, "Taken@Example.org")
    assert new.status_code == taken.status_code == 200
    assert _page(new) == _page(taken)
    assert get_user_model().objects.filter(username="taken@example.org").count() == 1
    assert Organisation.objects.count() == 1
    assert [mail.to for mail in mailoutbox] == [["new@example.org"], [existing.username]]
    assert "/activate/" in mailoutbox[0].body
    assert "already has an account" in mailoutbox[1].subject


@pytest.mark.django_db
def test_an_account_opens_only_from_its_link_and_the_link_works_once(client, mailoutbox):
    _sign_up(client, "new@example.org")
    login = {"username": "new@example.org", "password": FORM["password"]}
    client.post(reverse("addresses:organisation_login"), login)
    assert "_auth_user_id" not in client.session
    link = re.search(r"https?://[^/\s]+(/\S+/activate/\S+)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200  # a mail scanner opening it changes nothing
    assert not get_user_model().objects.get(username="new@example.org").is_active
    assert client.post(link).status_code == 302
    assert client.post(link).status_code == 400
    client.post(reverse("addresses:organisation_login"), login)
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_forged_activation_link_opens_nothing(client):
    _sign_up(client, "new@example.org")
    user = get_user_model().objects.get()
    link = reverse("accounts:organisation_activate", args=["MQ", "bad-token"])
    assert client.post(link).status_code == 400
    huge = reverse("accounts:organisation_activate", args=["OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "x"])
    assert client.post(huge).status_code == 400
    user.refresh_from_db()
    assert not user.is_active
