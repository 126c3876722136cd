"""A client that retries an API write with the same Idempotency-Key gets the first answer again
and nothing is created twice; the same key with another body is refused."""

from datetime import timedelta

import pytest

from heard.addresses.models import Address
from heard.core.idempotency import idempotent_responses_purge
from heard.core.models import IdempotentResponse
from tests import factories
from tests.api.test_addresses import key_for, payload
from tests.api.test_open311 import form

pytestmark = pytest.mark.django_db

URL = "/api/v1/addresses"


def test_a_retry_with_the_same_key_creates_nothing_new_and_gets_the_same_answer(client):
    addressee = factories.addressee()
    headers = key_for(addressee) | {"HTTP_IDEMPOTENCY_KEY": "retry-1"}

    first = client.post(URL, payload(addressee), content_type="application/json", **headers)
    again = client.post(URL, payload(addressee), content_type="application/json", **headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Address.objects.count() == 1
    # The answer holds the tracking code: kept encrypted, and replayed as uncacheable as it was.
    assert first.json()["tracking_code"] not in IdempotentResponse.objects.get().body
    assert again["Cache-Control"] == first["Cache-Control"]


def test_another_key_or_no_key_is_another_address(client):
    addressee = factories.addressee()
    headers = key_for(addressee)
    for key in ("a", "b"):
        client.post(
            URL,
            payload(addressee),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
            **headers,
        )
    client.post(URL, payload(addressee), content_type="application/json", **headers)
    assert Address.objects.count() == 3


def test_the_same_key_with_another_body_is_refused(client):
    addressee = factories.addressee()
    headers = key_for(addressee) | {"HTTP_IDEMPOTENCY_KEY": "k"}
    client.post(URL, payload(addressee), content_type="application/json", **headers)
    other = client.post(
        URL, payload(addressee, text="Another"), content_type="application/json", **headers
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Address.objects.count() == 1


def test_open311_posts_honour_the_key_too(client):
    addressee = factories.addressee(slug="moscow-office")
    from heard.addresses import services
    from tests.addresses import factories as make

    make.category(addressee, "roads")
    _key, raw = services.api_key_issue(name="call centre", addressee=addressee)
    responses = [
        client.post("/open311/v2/requests.json", form(raw), HTTP_IDEMPOTENCY_KEY="o-1")
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert Address.objects.count() == 1


def test_a_malformed_key_is_a_400(client):
    addressee = factories.addressee()
    response = client.post(
        URL,
        payload(addressee),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="x" * 300,
        **key_for(addressee),
    )
    assert response.status_code == 400
    assert not Address.objects.exists()


def test_stored_answers_are_forgotten_after_a_day(client, move_time):
    addressee = factories.addressee()
    client.post(
        URL,
        payload(addressee),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="old",
        **key_for(addressee),
    )
    move_time(timedelta(hours=25))
    assert idempotent_responses_purge() == 1
    assert not IdempotentResponse.objects.exists()
