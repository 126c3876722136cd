"""Error pages in the site's layout and language, with a way on; and no POST-only URL that a
form error leaves the visitor on answers a reload or a language switch with a blank 405."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.core.error_pages import server_error
from tests import factories

pytestmark = pytest.mark.django_db


def in_layout(html: str) -> bool:
    return all(part in html for part in ('<header class="site">', '<nav class="language"',
                                         '<footer class="site">', 'href="/"'))


def test_a_missing_page_is_a_404_in_the_sites_layout_with_ways_on(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404 and in_layout(html)
    assert "Page not found" in html and 'href="/appeals/"' in html


def test_the_404_page_is_in_the_visitors_language(client):
    response = client.get("/ru/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404 and '<html lang="ru">' in html
    assert "Страница не найдена" in html and "публичный реестр обращений" in html


def test_a_missing_role_is_a_403_in_the_sites_layout(client):
    client.force_login(factories.user())

    response = client.get(reverse("offices:moderation"))

    html = response.content.decode()
    assert response.status_code == 403 and in_layout(html)
    assert "You are not allowed to see this page" in html


def test_a_failed_csrf_check_offers_the_form_again_in_the_layout():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("signatures:start"), {"title": "x"})

    html = response.content.decode()
    assert response.status_code == 403 and in_layout(html)
    assert "The form has expired" in html and "Nothing was sent." in html
    assert f'<a href="{reverse("signatures:start")}">Open the form again</a>' in html


def test_a_server_error_is_a_500_in_the_sites_layout_without_touching_the_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/appeals/")

    with django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500 and in_layout(html)
    assert "Something went wrong on our side" in html and "heard" in html


def test_a_sign_form_error_leaves_the_signer_on_a_url_that_a_reload_or_language_switch_opens(
    client,
):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = reverse("signatures:sign", kwargs={"pk": appeal.pk})

    error_page = client.post(url, {"name": "", "email": "not an address"})
    switch = re.search(r'<a href="([^"]+)" lang="ru"', error_page.content.decode()).group(1)

    assert error_page.status_code in (200, 400) and "sign-heading" in error_page.content.decode()
    reload = client.get(url)
    assert reload.status_code == 302
    assert reload["Location"] == f"/appeals/{appeal.pk}/#sign-heading"
    switched = client.get(switch)
    assert switched.status_code == 302
    assert switched["Location"] == f"/ru/appeals/{appeal.pk}/#sign-heading"


def test_a_moderation_error_page_reloads_to_the_queue(client):
    client.force_login(factories.moderator())

    response = client.get(reverse("offices:moderate", kwargs={"pk": factories.appeal_in(
        Appeal.Status.AWAITING_MODERATION).pk}))

    assert response.status_code == 302 and response["Location"] == reverse("offices:moderation")


def test_the_removed_page_reloads_to_the_signatures_own_page(client):
    signature = factories.sign(factories.appeal_in(Appeal.Status.OPEN))
    kwargs = {"pk": signature.pk, "token": signature.token}

    response = client.get(reverse("signatures:remove", kwargs=kwargs))

    assert response.status_code == 302
    assert response["Location"] == reverse("signatures:confirm", kwargs=kwargs)
    signature.refresh_from_db()
    assert signature.removed_at is None


def test_staff_form_pages_reload_to_the_page_that_holds_the_form(client):
    from tests.addresses import factories as make

    address, responder = make.assigned_address()
    client.force_login(responder)
    act = reverse("addresses:staff_act", kwargs={"pk": address.pk, "action": "answer"})
    bulk = reverse("addresses:queue_bulk", args=[address.addressee.slug])

    acted, bulked = client.get(act), client.get(bulk)

    assert acted.status_code == 302
    assert acted["Location"] == reverse("addresses:staff_detail", args=[address.pk])
    assert bulked.status_code == 302
    assert bulked["Location"] == reverse("addresses:queue", args=[address.addressee.slug])
    # A method that is neither stays refused, and the permission still comes first.
    assert client.put(act).status_code == 405
    client.force_login(factories.moderator())
    assert client.get(act).status_code == 403
