import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.signatures.models import Signature
from tests import factories
from tests.html import controls_without_labels, without_csrf_tokens

pytestmark = pytest.mark.django_db

Status = Appeal.Status


@pytest.fixture
def open_appeal():
    return factories.appeal_in(Status.OPEN, to=factories.addressee(response_threshold=100))


def sign_form(**overrides) -> dict:
    values = {
        "name": "Vera",
        "email": "vera@example.org",
        "region": factories.region("SPE").pk,
        "consent_processing": "on",
        "show_name": "on",
    }
    return {key: value for key, value in (values | overrides).items() if value is not None}


def sign_url(appeal: Appeal) -> str:
    return reverse("signatures:sign", kwargs={"pk": appeal.pk})


def link_in_last_mail() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def count(appeal: Appeal) -> int:
    return Appeal.objects.get(pk=appeal.pk).signature_count


def test_signing_says_check_your_email(client, open_appeal):
    mail.outbox.clear()

    response = client.post(sign_url(open_appeal), sign_form(), follow=True)

    assert response.redirect_chain == [(reverse("signatures:check_email"), 302)]
    assert "Check your e-mail" in response.content.decode()
    assert open_appeal.signatures.filter(**factories.by_email("vera@example.org")).exists()
    assert len(mail.outbox) == 1


def test_link_shows_a_button_and_only_the_post_confirms(client, open_appeal):
    client.post(sign_url(open_appeal), sign_form())
    confirm = path_of(link_in_last_mail())
    before = count(open_appeal)

    shown = client.get(confirm)
    client.get(confirm)  # a mail scanner pre-fetching the link

    assert shown.status_code == 200
    assert "Confirm my signature" in shown.content.decode()
    assert count(open_appeal) == before
    assert open_appeal.signatures.get(**factories.by_email("vera@example.org")).status == "pending"

    confirmed = client.post(confirm, follow=True)

    assert confirmed.status_code == 200
    assert "your signature is confirmed" in confirmed.content.decode()
    assert count(open_appeal) == before + 1


def test_a_second_post_of_the_link_changes_nothing(client, open_appeal):
    client.post(sign_url(open_appeal), sign_form())
    confirm = path_of(link_in_last_mail())
    client.post(confirm)
    after_first = count(open_appeal)
    confirmed_at = open_appeal.signatures.get(**factories.by_email("vera@example.org")).confirmed_at

    again = client.post(confirm, follow=True)

    assert again.status_code == 200
    assert count(open_appeal) == after_first
    assert (
        open_appeal.signatures.get(**factories.by_email("vera@example.org")).confirmed_at
        == confirmed_at
    )


def test_forged_or_foreign_tokens_get_the_invalid_link_page(client, open_appeal):
    mine = factories.sign(open_appeal, confirm=False)
    theirs = factories.sign(open_appeal, confirm=False)
    bad = [
        reverse("signatures:confirm", kwargs={"pk": mine.pk, "token": "forged"}),
        reverse("signatures:confirm", kwargs={"pk": mine.pk, "token": theirs.token}),
        reverse("signatures:confirm", kwargs={"pk": 10**20, "token": mine.token}),
        reverse("signatures:confirm", kwargs={"pk": mine.pk, "token": "é" * 300}),
    ]
    for url in bad:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 404, url
            assert "This link is not valid" in response.content.decode()
    assert not Signature.objects.filter(status="confirmed", pk__in=[mine.pk, theirs.pk]).exists()


def test_duplicate_signature_looks_exactly_like_the_first(client, open_appeal):
    first = client.post(sign_url(open_appeal), sign_form(), follow=True)
    second = client.post(
        sign_url(open_appeal), sign_form(email="  VERA@example.org", name="Other"), follow=True
    )

    assert first.redirect_chain == second.redirect_chain
    assert first.status_code == second.status_code == 200
    assert without_csrf_tokens(first.content.decode()) == without_csrf_tokens(
        second.content.decode()
    )
    assert open_appeal.signatures.filter(**factories.by_email("vera@example.org")).count() == 1


def test_duplicate_signature_resends_at_most_the_configured_times(client, open_appeal, settings):
    settings.HEARD_CONFIRMATION_MAX_SENDS = 2
    mail.outbox.clear()

    for _ in range(4):
        assert client.post(sign_url(open_appeal), sign_form()).status_code == 302

    assert len(mail.outbox) == 2
    assert mail.outbox[0].body == mail.outbox[1].body


@pytest.mark.parametrize("status", [Status.CLOSED, Status.REJECTED])
def test_signing_a_closed_or_rejected_appeal_explains_and_stores_nothing(client, status):
    appeal = factories.appeal_in(status)
    before = Signature.objects.count()

    response = client.post(sign_url(appeal), sign_form())

    assert response.status_code == 400
    assert "This appeal is not open for signing." in response.content.decode()
    assert Signature.objects.count() == before


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN])
def test_signing_an_unpublished_appeal_is_not_found(client, status):
    appeal = factories.appeal_in(status)
    before = Signature.objects.count()

    assert client.post(sign_url(appeal), sign_form()).status_code == 404
    assert Signature.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "   "}, "This field is required."),
        ({"name": "x" * 101}, "at most 100 characters"),
        ({"email": "vera-at-example"}, "valid email address"),
        ({"email": "v" * 250 + "@example.org"}, "at most 254 characters"),
        ({"region": "0"}, "Choose a region from the list."),
        ({"region": "MOW"}, "Choose a region from the list."),
        ({"consent_processing": None}, "cannot be counted without this consent"),
    ],
)
def test_invalid_signature_explains_and_stores_nothing(client, open_appeal, overrides, message):
    before = Signature.objects.count()

    response = client.post(sign_url(open_appeal), sign_form(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signature.objects.count() == before


def test_sign_form_without_csrf_token_is_forbidden_and_stores_nothing(open_appeal):
    browser = Client(enforce_csrf_checks=True)
    before = Signature.objects.count()

    response = browser.post(sign_url(open_appeal), sign_form())

    assert response.status_code == 403
    assert Signature.objects.count() == before


def test_sign_form_with_its_csrf_token_works(open_appeal):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(open_appeal.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = browser.post(sign_url(open_appeal), sign_form(csrfmiddlewaretoken=token))

    assert response.status_code == 302


def test_signing_by_get_is_not_allowed(client, open_appeal):
    assert client.get(sign_url(open_appeal)).status_code == 405


def test_confirm_page_has_labels_and_check_email_page_renders(client, open_appeal):
    signature = factories.sign(open_appeal, confirm=False)
    url = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})

    assert controls_without_labels(client.get(url).content.decode()) == []
    assert client.get(reverse("signatures:check_email")).status_code == 200
