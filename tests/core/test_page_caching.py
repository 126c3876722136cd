"""Which pages a proxy may keep (core/page_caching.py): a visitor page that carries nothing of the
visitor is public for HEARD_PUBLIC_PAGE_SECONDS; a page with a form token or anything personal
is private and not stored. And the language switch is plain links (no form on every page)."""

import re

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse

from heard.appeals.models import Appeal
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

PUBLIC = f"public, max-age={settings.HEARD_PUBLIC_PAGE_SECONDS}"


def control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part}


def is_public(response) -> bool:
    return control(response) == set(PUBLIC.split(", ")) and not response.cookies


def is_private(response) -> bool:
    return {"private", "no-store"} <= control(response) or (
        "no-store" in control(response) and "public" not in control(response)
    )


@pytest.fixture
def open_appeal():
    return factories.appeal_in(Appeal.Status.OPEN, title="Repair the bridge")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/appeals/",
        "/appeals/?state=overdue",
        "/signatures/check-email/",
        "/addresses/statistics/",
        "/ru/appeals/",
        "/ru/signatures/check-email/",
    ],
)
def test_a_visitor_page_without_a_token_may_be_kept_by_a_proxy(client, open_appeal, url):
    response = client.get(url)

    assert response.status_code == 200
    assert is_public(response)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    # The language is in the path; a signed-in member of staff must not get this copy.
    assert "accept-language" not in vary(response)
    assert "cookie" in vary(response)


def test_the_appeal_page_with_its_sign_form_is_private(client, open_appeal):
    response = client.get(open_appeal.get_absolute_url())

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert is_private(response)


def test_the_appeal_page_from_the_copy_is_private_and_check_email_from_its_copy_public(
    settings, open_appeal
):
    settings.HEARD_PAGE_CACHE_SECONDS = 5  # pages from each process's copy (core/snapshots.py)
    for _visitor in range(2):  # the first takes the copy, the second is served from it
        browser = Client()
        assert is_private(browser.get(open_appeal.get_absolute_url()))
        check_email = browser.get(reverse("signatures:check_email"))
        assert is_public(check_email)


def test_staff_get_every_page_private(client, open_appeal):
    client.force_login(factories.moderator())

    for url in ("/appeals/", "/addresses/statistics/", "/signatures/check-email/"):
        response = client.get(url)
        assert response.status_code == 200
        assert is_private(response), url


def test_a_visitor_shown_a_message_gets_the_page_private(client, open_appeal):
    storage = CookieStorage(client.request().wsgi_request)
    encoded = storage._encode([])  # an empty list still makes the page read the cookie
    client.cookies[CookieStorage.cookie_name] = encoded

    response = client.get("/appeals/")

    assert is_private(response)


def test_the_address_status_pages_are_never_stored(client):
    address, code = make.address()

    form = client.get(reverse("addresses:track"))
    status = client.post(reverse("addresses:track"), {"number": address.number, "code": code})

    assert form.status_code == status.status_code == 200
    assert "no-store" in control(form) and "public" not in control(form)
    assert "no-store" in control(status) and "public" not in control(status)


def test_the_signers_link_page_is_private_on_the_fast_path_and_off_it(settings, open_appeal):
    signature = factories.sign(open_appeal, confirm=False)
    url = f"/signatures/{signature.pk}/{signature.token}/"
    for seconds in (0, 5):  # without and with the link page's copies
        settings.HEARD_PAGE_CACHE_SECONDS = seconds
        response = Client().get(url)
        assert response.status_code == 200
        assert is_private(response), seconds


def test_a_page_whose_url_carries_a_secret_is_private_even_without_a_form(client):
    gathering = factories.appeal_in(Appeal.Status.GATHERING_SPONSORS)
    url = reverse(
        "signatures:sponsor", kwargs={"pk": gathering.pk, "token": gathering.sponsor_token}
    )

    response = client.get(url)

    assert response.status_code == 200
    assert is_private(response)


def test_api_answers_keep_their_own_caching(client, open_appeal):
    response = client.get(f"/api/v1/appeals/{open_appeal.pk}/count")

    assert response["Cache-Control"] == "public, max-age=10"  # the API's own, untouched
    assert "accept-language" in vary(response)


# The language switch


LINKS = re.compile(r'<nav class="language"[^>]*>(.*?)</nav>', re.S)


def language_nav(response) -> str:
    return LINKS.search(response.content.decode()).group(1)


def test_the_language_switch_is_links_to_this_page_in_each_language(client, open_appeal):
    response = client.get("/appeals/?state=overdue")
    nav = language_nav(response)

    assert "<form" not in nav and "set_language" not in response.content.decode()
    assert 'href="/ru/appeals/?state=overdue" lang="ru" hreflang="ru"' in nav
    assert 'href="/appeals/?state=overdue" lang="en" hreflang="en" aria-current="true"' in nav


def test_following_the_russian_link_serves_the_russian_page_without_a_cookie(client, open_appeal):
    english = client.get(open_appeal.get_absolute_url())
    href = re.search(r'href="([^"]+)" lang="ru"', language_nav(english)).group(1)

    russian = Client().get(href)

    assert href == f"/ru/appeals/{open_appeal.pk}/"
    assert '<html lang="ru">' in russian.content.decode()
    assert "Repair the bridge" in russian.content.decode()
    back = re.search(r'href="([^"]+)" lang="en"', language_nav(russian)).group(1)
    assert back == f"/appeals/{open_appeal.pk}/"
    assert 'lang="ru" hreflang="ru" aria-current="true"' in language_nav(russian)
