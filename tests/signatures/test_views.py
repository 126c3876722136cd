import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.signatures import views
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
        reverse("signatures:confirm", kwargs={"pk": mine.pk, "token": "é" * 300}),
    ]
    for url in bad:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 404, url
            assert "This link is not valid" in response.content.decode()
    assert client.get(f"/signatures/{10**20}/{mine.token}/").status_code == 404
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


def test_a_get_of_the_sign_url_signs_nothing_and_goes_to_the_appeal_page(client, open_appeal):
    """A form error leaves the signer on this URL; its reload or language switch is a GET."""
    count = open_appeal.signatures.count()

    response = client.get(sign_url(open_appeal))

    assert response.status_code == 302
    assert response["Location"] == open_appeal.get_absolute_url() + "#sign-heading"
    assert open_appeal.signatures.count() == count


def test_confirm_page_has_labels_and_check_email_page_renders(client, open_appeal):
    signature = factories.sign(open_appeal, confirm=False)
    url = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})

    assert controls_without_labels(client.get(url).content.decode()) == []
    assert client.get(reverse("signatures:check_email")).status_code == 200


# The link's page from a copy kept by what it shows (views.LINK_PAGES)


@pytest.fixture
def copies_on(settings):
    settings.HEARD_PAGE_CACHE_SECONDS = 5
    views.LINK_PAGES.pages.clear()
    yield views.LINK_PAGES
    views.LINK_PAGES.pages.clear()


def link_of(signature: Signature, spelled: str = "") -> str:
    pk = spelled or signature.pk
    return f"/signatures/{pk}/{signature.token}/"


def test_a_signers_link_page_from_the_copy_is_the_page_rendered_for_them(open_appeal, copies_on):
    first, second = (factories.sign(open_appeal, confirm=False) for _ in range(2))
    Client().get(link_of(first))  # takes the copy

    copied = Client().get(link_of(second))
    copies_on.pages.clear()
    rendered = Client().get(link_of(second))

    html = copied.content.decode()
    assert without_csrf_tokens(html) == without_csrf_tokens(rendered.content.decode())
    assert copied["Content-Length"] == str(len(copied.content))
    assert f"{link_of(second)}remove/" in html and first.token not in html
    assert len(copies_on.pages) == 1


def test_the_token_on_a_copied_link_page_confirms(open_appeal, copies_on):
    first, second = (factories.sign(open_appeal, confirm=False) for _ in range(2))
    Client().get(link_of(first))
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(link_of(second)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    confirmed = browser.post(link_of(second), {"csrfmiddlewaretoken": token}, follow=True)

    assert confirmed.status_code == 200
    assert "your signature is confirmed" in confirmed.content.decode()
    assert Signature.objects.get(pk=second.pk).status == "confirmed"
    assert Signature.objects.get(pk=first.pk).status == "pending"


def test_a_link_spelled_otherwise_is_rendered_and_leaks_into_no_copy(open_appeal, copies_on):
    first, second = (factories.sign(open_appeal, confirm=False) for _ in range(2))

    odd = Client().get(link_of(first, spelled=f"00{first.pk}"))
    later = Client().get(link_of(second)).content.decode()

    assert odd.status_code == 200 and first.token in odd.content.decode()
    assert first.token not in later and second.token in later


def test_the_page_follows_the_signature_and_the_appeal(open_appeal, copies_on):
    signature = factories.sign(open_appeal, confirm=False)
    Client().get(link_of(signature))

    Client().post(link_of(signature))
    confirmed = Client().get(link_of(signature)).content.decode()
    Appeal.objects.filter(pk=open_appeal.pk).update(title="Renamed appeal")
    renamed = Client().get(link_of(signature)).content.decode()

    assert "your signature is confirmed" in confirmed
    assert "Renamed appeal" in renamed


def test_staff_get_the_link_page_rendered_for_them(open_appeal, copies_on):
    signature = factories.sign(open_appeal, confirm=False)
    Client().get(link_of(signature))
    staff = Client()
    staff.force_login(factories.moderator())

    page = staff.get(link_of(signature)).content.decode()

    assert 'href="/staff/"' in page
    assert len(copies_on.pages) == 1  # the visitor's only
