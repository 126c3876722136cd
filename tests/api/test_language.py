"""The API answers in the language the request asks for, on every path (decision 0404)."""

import json

import pytest
from django.conf import settings

from heard.appeals.models import Appeal
from tests import factories
from tests.api.test_appeals import detail_url, payload, sign_url
from tests.stack import normal_stack, served_by_hot_stack

pytestmark = pytest.mark.django_db

MISSING = 10**9


def sign(client, url: str, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("body", "appeal_exists", "expected"),
    [
        (payload(), True, "Проверьте"),
        (payload(), False, "Публичное"),
        ("{not json", True, "Тело запроса"),
    ],
    ids=["accepted", "no-such-appeal", "not-json"],
)
def test_hot_stack_and_normal_stack_answer_in_the_asked_language(
    client, body, appeal_exists, expected
):
    fast_url, slow_url = (
        sign_url(factories.appeal_in(Appeal.Status.OPEN).pk if appeal_exists else MISSING)
        for _ in range(2)
    )

    fast = sign(client, fast_url, body, HTTP_ACCEPT_LANGUAGE="ru")
    with normal_stack() as normal:
        slow = sign(normal, slow_url, body, HTTP_ACCEPT_LANGUAGE="ru")

    assert served_by_hot_stack(fast) and not served_by_hot_stack(slow)

    assert (fast.status_code, fast.json()) == (slow.status_code, slow.json())
    assert fast.json()["detail"].startswith(expected)
    for header in ("Content-Language", "Vary", "Content-Length", "X-Frame-Options"):
        assert fast[header] == slow[header], header
    assert fast["Content-Language"] == "ru"


def test_a_well_formed_and_a_malformed_request_come_back_in_one_language(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    other = "en" if settings.LANGUAGE_CODE == "ru" else "ru"

    accepted = sign(client, sign_url(appeal.pk), payload(), HTTP_ACCEPT_LANGUAGE=other)
    refused = sign(client, sign_url(appeal.pk), "{not json", HTTP_ACCEPT_LANGUAGE=other)

    assert (accepted.status_code, refused.status_code) == (202, 400)
    assert accepted["Content-Language"] == refused["Content-Language"] == other


def test_the_language_cookie_wins_over_the_header_as_on_the_site(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(detail_url(MISSING), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Language"] == "ru"
    assert response.json()["detail"].startswith("Публичное")


def test_without_a_preference_the_api_answers_in_the_default_language(client):
    response = client.get(detail_url(MISSING))

    assert response["Content-Language"] == settings.LANGUAGE_CODE


def test_open311_follows_the_header_too(client):
    response = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"


def test_site_pages_still_take_their_language_from_the_path(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    response = client.get(appeal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")

    assert response["Content-Language"] == settings.LANGUAGE_CODE
