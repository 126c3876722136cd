"""Visitors get hot pages from a per-process copy with their own CSRF token
(core/page_copies.py)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.core import page_copies
from tests import factories
from tests.stack import normal_stack

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(page_copies, "_clock", lambda: now[0])
    return now


def page_of(appeal: Appeal) -> str:
    return appeal.get_absolute_url()


def without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value="…"', html)


def headers(response) -> dict:
    """The answer's headers, Vary as a set (its order differs and means nothing)."""
    named = {name: value for name, value in response.items() if name != "Set-Cookie"}
    named["Vary"] = {part.strip() for part in named.get("Vary", "").split(",")}
    return named


def cookie_attributes(response) -> dict:
    morsel = response.cookies[settings.CSRF_COOKIE_NAME]
    return {key: morsel[key] for key in ("path", "samesite", "secure", "httponly", "max-age")}


@pytest.mark.parametrize("path", ["appeal", "check_email", "appeal_in_russian"])
def test_a_visitor_gets_the_page_the_normal_stack_renders(client, clock, path):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = {
        "appeal": page_of(appeal),
        "check_email": reverse("signatures:check_email"),
        "appeal_in_russian": "/ru" + page_of(appeal),
    }[path]

    client.get(url)  # taken
    from_copy = client.get(url)  # served from the copy
    with normal_stack() as normal:
        rendered = normal.get(url)

    assert from_copy.status_code == rendered.status_code == 200
    assert without_tokens(from_copy.content.decode()) == without_tokens(rendered.content.decode())
    assert headers(from_copy) == headers(rendered)
    # A page with a form sets the CSRF cookie the same way; one without (check-email) sets none.
    assert from_copy.cookies.keys() == rendered.cookies.keys()
    assert (settings.CSRF_COOKIE_NAME in rendered.cookies) == (path != "check_email")
    if path != "check_email":
        assert cookie_attributes(from_copy) == cookie_attributes(rendered)


def test_each_visitor_gets_a_token_of_their_own_from_one_copy_and_it_signs(clock):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    browser = Client(enforce_csrf_checks=True)  # one client: one middleware stack, one copy
    first_page = browser.get(page_of(appeal)).content.decode()
    first_cookie = browser.cookies["csrftoken"].value
    new_count(appeal, 4321)
    browser.cookies.clear()  # the next visitor

    second_page = browser.get(page_of(appeal)).content.decode()
    token = TOKEN.search(second_page).group(1)
    signed = browser.post(
        reverse("signatures:sign", kwargs={"pk": appeal.pk}),
        {
            "csrfmiddlewaretoken": token,
            "name": "Vera",
            "email": "vera@example.org",
            "region": factories.region("SPE").pk,
            "consent_processing": "on",
        },
    )

    assert count_shown(second_page) == count_shown(first_page) != "4321"  # the copy
    assert browser.cookies["csrftoken"].value != first_cookie
    assert TOKEN.search(first_page).group(1) != token
    assert signed.status_code == 302
    assert appeal.signatures.filter(**factories.by_email("vera@example.org")).exists()


def test_a_visitor_with_a_csrf_cookie_keeps_it(client, clock):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    client.get(page_of(appeal))
    cookie = client.cookies["csrftoken"].value

    response = client.get(page_of(appeal))

    assert response.cookies["csrftoken"].value == cookie


def count_shown(html: str) -> str:
    return re.search(r'data-count="(\d+)"', html).group(1)


def test_the_copy_is_renewed_after_its_time_and_staff_see_the_page_as_it_is(client, clock):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    client.get(page_of(appeal))
    new_count(appeal, 4321)

    visitor_now = client.get(page_of(appeal)).content.decode()
    staff = Client()
    staff.force_login(factories.moderator())
    staff_now = staff.get(page_of(appeal)).content.decode()
    clock[0] += appeal_page_seconds()
    visitor_later = client.get(page_of(appeal)).content.decode()

    assert count_shown(visitor_now) != "4321"
    assert count_shown(staff_now) == "4321"
    assert count_shown(visitor_later) == "4321"


def new_count(appeal: Appeal, count: int) -> None:
    """A new public count, and the other caches behind the copy (the appeal read, per process
    for a second) let go, so that only the copy can show the old one."""
    from django.core.cache import cache

    Appeal.objects.filter(pk=appeal.pk).update(signature_count=count)
    cache.clear()


def appeal_page_seconds() -> float:
    from heard.appeals.views import APPEAL_PAGES

    return APPEAL_PAGES.seconds


def test_a_query_string_or_a_message_cookie_takes_the_normal_path(client, clock):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    client.get(page_of(appeal))
    new_count(appeal, 4321)

    with_query = client.get(page_of(appeal) + "?from=mail").content.decode()
    client.cookies["messages"] = "anything"
    with_message = client.get(page_of(appeal)).content.decode()

    assert count_shown(with_query) == "4321"
    assert count_shown(with_message) == "4321"


def test_a_page_not_kept_still_gets_a_real_token_that_signs(clock):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = "not a token"  # answered with a new cookie: not kept

    page = browser.get(page_of(appeal))
    token = TOKEN.search(page.content.decode()).group(1)
    signed = browser.post(
        reverse("signatures:sign", kwargs={"pk": appeal.pk}),
        {"csrfmiddlewaretoken": token, "name": "Vera", "email": "vera@example.org"}
        | {"region": factories.region("SPE").pk, "consent_processing": "on"},
    )

    assert page.status_code == 200
    assert page_copies.HOLE not in page.content.decode()
    assert signed.status_code == 302


def test_an_appeal_gone_from_view_is_not_served_from_its_old_copy(client, clock):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    client.get(page_of(appeal))
    Appeal.objects.filter(pk=appeal.pk).update(status=Appeal.Status.DRAFT)
    new_count(appeal, 0)
    clock[0] += appeal_page_seconds()

    assert client.get(page_of(appeal)).status_code == 404
    assert client.get(page_of(appeal)).status_code == 404


def test_other_spellings_of_a_page_are_copies_of_their_own(client, clock):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    client.get(page_of(appeal))
    new_count(appeal, 4321)

    padded = client.get(f"/appeals/00{appeal.pk}/")

    assert padded.status_code == 200
    assert count_shown(padded.content.decode()) == "4321"


# Pages kept by the values they were rendered from (seconds=None)


def keyed_request(path: str = "/x/"):
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.META["CSRF_COOKIE"] = "a" * 32
    return request


def page_renderer(calls: list, text: str):
    from django.http import HttpResponse

    def render(extra: dict):
        calls.append(text)
        return HttpResponse(f"<p>{text}</p><i>{page_copies.HOLE}</i>".encode())

    return render


def test_keyed_copies_render_once_per_key_and_fill_each_visitors_own_string():
    copies, calls = page_copies.PageCopies(None), []

    one = copies.answer(
        keyed_request(), ("k",), page_renderer(calls, "a own-1"), own="own-1", secret="own-1"
    )
    two = copies.answer(
        keyed_request(), ("k",), page_renderer(calls, "a own-2"), own="own-2", secret="own-2"
    )

    assert calls == ["a own-1"]
    assert one.content.startswith(b"<p>a own-1</p>") and two.content.startswith(b"<p>a own-2</p>")
    assert page_copies.HOLE.encode() not in two.content
    assert page_copies.OWN.encode() not in two.content


def test_keyed_copies_keep_no_page_with_a_secret_left_in_it():
    copies, calls = page_copies.PageCopies(None), []

    # The secret appears outside `own`: this page is given, not kept.
    render = page_renderer(calls, "own-1 s3cret")
    copies.answer(keyed_request(), ("k",), render, own="own-1", secret="s3cret")

    assert copies.pages == {}


def test_keyed_copies_stay_within_their_bound():
    copies, calls = page_copies.PageCopies(None, kept=4), []

    for number in range(10):
        copies.answer(keyed_request(), (number,), page_renderer(calls, str(number)), own="me")

    assert len(copies.pages) <= 4 and (9,) in copies.pages


def test_copies_are_off_when_the_page_cache_is(settings):
    settings.HEARD_PAGE_CACHE_SECONDS = 0
    copies, calls = page_copies.PageCopies(None), []

    for _ in range(2):
        copies.answer(keyed_request(), ("k",), page_renderer(calls, "p"), own="o", secret="o")

    assert calls == ["p", "p"] and copies.pages == {}
