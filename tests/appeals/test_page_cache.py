"""The appeal page reuses what every visitor sees alike for HEARD_PAGE_CACHE_SECONDS."""

import re
from datetime import timedelta

import pytest
from django.core.cache.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.appeals.views import APPEAL_READ_SECONDS
from tests import factories
from tests.html import controls_without_labels, dangling_descriptions, without_csrf_tokens

pytestmark = pytest.mark.django_db

Status = Appeal.Status


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.HEARD_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def open_appeal():
    appeal = factories.appeal_in(
        Status.OPEN,
        to=factories.addressee(response_threshold=100),
        title="Repair the bridge",
        text="The bridge must be repaired.",
    )
    factories.sign(appeal, name="Visible Vera", show_name=True, region=factories.region("SPE"))
    appeal.refresh_from_db()
    return appeal


def cache_clock_moved(monkeypatch, seconds: float):
    """Time passes for every cache of the page: the fragments (locmem) and the process's copy of
    the visitor's page (core/page_copies.py)."""
    import time

    from heard.core import page_copies

    class Later:
        @staticmethod
        def time() -> float:
            return time.time() + seconds

    monkeypatch.setattr(locmem, "time", Later)
    monkeypatch.setattr(page_copies, "_clock", lambda: time.monotonic() + seconds)


@pytest.fixture
def later(monkeypatch):
    """Move the cache's clock past HEARD_PAGE_CACHE_SECONDS."""
    return lambda: cache_clock_moved(monkeypatch, 61)


@pytest.fixture
def a_second_later(monkeypatch):
    """Move the cache's clock past the one second a visitor's copy of the appeal is kept."""
    return lambda: cache_clock_moved(monkeypatch, APPEAL_READ_SECONDS + 0.5)


def page(client, appeal: Appeal, language: str = "en") -> str:
    with translation.override(language):
        response = client.get(appeal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_second_visit_reads_nothing_and_sees_the_same_page(open_appeal):
    first = page(Client(), open_appeal)

    with CaptureQueriesContext(connection) as queries:
        second = page(Client(), open_appeal)

    assert len(queries) == 0
    assert without_csrf_tokens(second) == without_csrf_tokens(first)
    assert "Visible Vera" in second and "Saint Petersburg" in second
    assert f'data-count="{open_appeal.signature_count}"' in second


def test_every_visitor_gets_a_csrf_token_of_their_own_that_signs(open_appeal):
    page(Client(), open_appeal)
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [page(visitor, open_appeal) for visitor in visitors]

    sign_tokens = [csrf_tokens(html)[-1] for html in pages]
    assert sign_tokens[0] != sign_tokens[1]
    response = visitors[1].post(
        reverse("signatures:sign", kwargs={"pk": open_appeal.pk}),
        {
            "csrfmiddlewaretoken": sign_tokens[1],
            "name": "Olga",
            "email": "olga@example.org",
            "region": factories.region().pk,
            "consent_processing": "on",
        },
    )
    assert response.status_code == 302


def test_staff_link_is_shown_to_staff_only(client, open_appeal):
    client.force_login(factories.moderator())

    staff = page(client, open_appeal)
    anonymous = page(Client(), open_appeal)

    assert "Staff</a>" in staff
    assert "Staff</a>" not in anonymous


def test_an_edit_that_is_not_a_transition_shows_after_the_cache_time(open_appeal, later):
    page(Client(), open_appeal)
    Appeal.objects.filter(pk=open_appeal.pk).update(text="The bridge is a ruin.")

    assert "The bridge must be repaired." in page(Client(), open_appeal)

    later()

    assert "The bridge is a ruin." in page(Client(), open_appeal)


def test_a_new_count_shows_to_visitors_within_a_second(open_appeal, a_second_later):
    page(Client(), open_appeal)

    factories.sign(open_appeal, name="Named Nina", show_name=True, region=factories.region("SPE"))
    a_second_later()

    html = page(Client(), open_appeal)
    assert f'data-count="{open_appeal.signature_count + 1}"' in html
    assert "Named Nina" in html


def test_a_new_count_shows_to_staff_at_once(client, open_appeal):
    client.force_login(factories.moderator())
    page(client, open_appeal)

    factories.sign(open_appeal, region=factories.region("SPE"))

    assert f'data-count="{open_appeal.signature_count + 1}"' in page(client, open_appeal)


def test_closing_shows_to_visitors_within_a_second(open_appeal, move_time, a_second_later):
    assert "Sign this appeal" in page(Client(), open_appeal)

    move_time(timedelta(days=open_appeal.addressee.signing_period_days))
    services.appeal_close(appeal=open_appeal)
    a_second_later()

    html = page(Client(), open_appeal)
    assert "Sign this appeal" not in html
    assert "Closed for signing" in html


def test_each_language_has_its_own_page(open_appeal):
    english = page(Client(), open_appeal)
    russian = page(Client(), open_appeal, "ru")

    assert "Sign this appeal" in english and "Saint Petersburg" in english
    assert "Подписать обращение" in russian and "Санкт-Петербург" in russian
    assert "Sign this appeal" not in russian


def test_refused_signature_shows_its_errors_and_choices_and_others_still_get_a_blank_form(
    client, open_appeal
):
    page(Client(), open_appeal)
    chosen = factories.region("SPE").pk

    refused = client.post(
        reverse("signatures:sign", kwargs={"pk": open_appeal.pk}),
        {"name": "Olga", "email": "olga@example.org", "region": chosen},
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Please correct the errors below." in html
    assert "cannot be counted without this consent" in html
    assert f'<option value="{chosen}" selected>' in html
    assert 'value="Olga"' in html
    assert controls_without_labels(html) == [] and dangling_descriptions(html) == []
    blank = page(Client(), open_appeal)
    assert "Please correct the errors below." not in blank
    assert '<option value="" selected>' in blank and 'value="Olga"' not in blank


def test_zero_turns_the_cache_off(settings, open_appeal):
    settings.HEARD_PAGE_CACHE_SECONDS = 0
    page(Client(), open_appeal)
    Appeal.objects.filter(pk=open_appeal.pk).update(text="The bridge is a ruin.")

    assert "The bridge is a ruin." in page(Client(), open_appeal)
