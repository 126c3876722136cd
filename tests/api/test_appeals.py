import json
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.signatures.models import Signature
from tests import factories

pytestmark = pytest.mark.django_db

Status = Appeal.Status


def list_url() -> str:
    return reverse("api-v1:appeal_list")


def detail_url(pk: int) -> str:
    return reverse("api-v1:appeal_detail", kwargs={"appeal_id": pk})


def count_url(pk: int) -> str:
    return reverse("api-v1:appeal_count", kwargs={"appeal_id": pk})


def sign_url(pk: int) -> str:
    return reverse("api-v1:signature_create", kwargs={"appeal_id": pk})


def payload(**overrides) -> dict:
    values = {
        "name": "Vera",
        "email": "vera@example.org",
        "region": "SPE",
        "consent_processing": True,
        "notify": True,
        "language": "en",
    }
    return {key: value for key, value in (values | overrides).items() if value is not None}


def post_json(client, url: str, body) -> object:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def open_appeal():
    return factories.appeal_in(
        Status.OPEN, to=factories.addressee(response_threshold=100), title="Repair the bridge"
    )


# Lists


@pytest.fixture
def appeals_in_every_state():
    to = factories.addressee(response_threshold=4)
    responded = factories.appeal_past_response_threshold(to=to, title="Responded")
    services.appeal_respond(
        appeal=responded,
        responder=factories.responder(to),
        text="Answer",
        responded_on=date.today(),
        office="Office",
    )
    return {
        "open": factories.appeal_in(Status.OPEN, to=to, title="Open"),
        "awaiting_response": factories.appeal_past_response_threshold(to=to, title="Awaiting"),
        "responded": responded,
        "closed": factories.appeal_in(Status.CLOSED, to=to, title="Closed"),
        "rejected": factories.appeal_in(Status.REJECTED, to=to, title="Rejected"),
        "draft": factories.appeal_in(Status.DRAFT, to=to, title="Draft"),
    }


@pytest.mark.parametrize("state", ["awaiting_response", "responded", "closed", "rejected"])
def test_list_by_state(client, appeals_in_every_state, state):
    response = client.get(list_url(), {"state": state})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [appeals_in_every_state[state].pk]
    assert response["X-Total-Count"] == "1"


def test_list_of_open_appeals_and_overdue_is_empty_until_due(client, appeals_in_every_state):
    open_titles = {item["title"] for item in client.get(list_url()).json()}

    assert open_titles == {"Open", "Awaiting", "Responded"}
    assert client.get(list_url(), {"state": "overdue"}).json() == []


def test_list_pages_by_fifty(client):
    to = factories.addressee(response_threshold=100, sponsors_required=0)
    for number in range(51):
        appeal = factories.appeal_in(Status.AWAITING_MODERATION, to=to, title=f"A{number}")
        Appeal.objects.filter(pk=appeal.pk).update(status=Status.OPEN)

    first = client.get(list_url())
    second = client.get(list_url(), {"page": 2})
    third = client.get(list_url(), {"page": 3})

    assert len(first.json()) == 50 and len(second.json()) == 1 and third.json() == []
    assert first["X-Total-Count"] == "51"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"state": "bogus"}, "invalid_state"),
        ({"page": 0}, "invalid_query"),
        ({"page": "two"}, "invalid_input"),
        ({"page": 10**30}, "invalid_query"),
        ({"q": "x" * 201}, "invalid_query"),
        ({"q": "bad\x00byte"}, "unstorable_character"),
        ({"addressee": "bad\x00byte"}, "unstorable_character"),
    ],
)
def test_bad_list_queries_get_400_with_a_reason(client, query, code):
    response = client.get(list_url(), query)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]


# Detail and count


def test_detail_has_counts_thresholds_regions_and_response(client):
    appeal = factories.appeal_past_response_threshold(title="Answered")
    services.appeal_respond(
        appeal=appeal,
        responder=factories.responder(appeal.addressee),
        text="Yes",
        responded_on=date(2024, 5, 1),
        office="Office",
    )
    appeal.refresh_from_db()

    body = client.get(detail_url(appeal.pk)).json()

    assert body["title"] == "Answered"
    assert body["state"] == "open"
    assert body["response_state"] == "responded"
    assert body["signature_count"] == appeal.signature_count
    assert body["response_threshold"]["signatures"] == appeal.addressee.response_threshold
    assert body["response_threshold"]["reached_at"] is not None
    assert body["response_due_at"] is not None
    assert body["response"]["text"] == "Yes" and body["response"]["office"] == "Office"
    assert body["regions"] == [{"code": "MOW", "name": "Moscow", "count": appeal.signature_count}]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.AWAITING_MODERATION, Status.WITHDRAWN])
def test_detail_and_count_of_unpublished_appeals_are_not_found(client, status):
    appeal = factories.appeal_in(status)

    for url in (detail_url(appeal.pk), count_url(appeal.pk)):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("pk", [999_999, 10**30])
def test_unknown_appeal_is_not_found(client, pk):
    assert client.get(f"/api/v1/appeals/{pk}").status_code == 404
    assert client.get(f"/api/v1/appeals/{pk}/count").status_code == 404


def test_count_is_cacheable_by_everyone(client, open_appeal):
    response = client.get(count_url(open_appeal.pk))

    assert response.status_code == 200
    assert response.json()["signature_count"] == open_appeal.signature_count
    assert response["Cache-Control"] == "public, max-age=10"


# Signing


def test_signing_is_accepted_and_mails_a_link(client, open_appeal):
    mail.outbox.clear()

    response = post_json(client, sign_url(open_appeal.pk), payload())

    assert response.status_code == 202
    assert "Check your e-mail" in response.json()["detail"]
    signature = open_appeal.signatures.get(**factories.by_email("vera@example.org"))
    assert signature.status == Signature.Status.PENDING
    assert signature.region.code == "SPE"
    [message] = mail.outbox
    assert signature.token in message.body


def test_signing_twice_gives_the_same_answer_and_stores_one(client, open_appeal):
    first = post_json(client, sign_url(open_appeal.pk), payload())
    second = post_json(client, sign_url(open_appeal.pk), payload(email="VERA@example.org"))

    assert (first.status_code, first.json()) == (second.status_code, second.json())
    assert open_appeal.signatures.filter(**factories.by_email("vera@example.org")).count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (payload(email="not-an-email"), "invalid_input"),
        (payload(email=" "), "invalid_input"),
        (payload(name=None), "invalid_input"),
        (payload(email=None), "invalid_input"),
        (payload(region=None), "invalid_input"),
        (payload(consent_processing=None), "invalid_input"),
        (payload(name="   "), "invalid_input"),
        (payload(name="x" * 101), "invalid_input"),
        (payload(name="bad\x00byte"), "unstorable_character"),
        (payload(language="de"), "invalid_input"),
        (payload(region="XX"), "unknown_region"),
        (payload(region="bad\x00"), "unstorable_character"),
        (payload(consent_processing=False), "consent_required"),
        ([1, 2], "invalid_input"),
        ("null", "invalid_input"),
        ("{not json", "invalid_input"),
        (b"\xff\xfe", "invalid_input"),
    ],
)
def test_bad_signatures_get_400_with_a_reason_and_store_nothing(client, open_appeal, body, code):
    before = Signature.objects.count()

    response = post_json(client, sign_url(open_appeal.pk), body)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert Signature.objects.count() == before


@pytest.mark.parametrize("status", [Status.CLOSED, Status.REJECTED])
def test_signing_a_closed_or_rejected_appeal_is_refused(client, status):
    appeal = factories.appeal_in(status)
    before = Signature.objects.count()

    response = post_json(client, sign_url(appeal.pk), payload())

    assert response.status_code == 409
    assert "not open for signing" in response.json()["detail"]
    assert Signature.objects.count() == before


def test_signing_an_unpublished_appeal_is_not_found(client):
    appeal = factories.appeal_in(Status.DRAFT)

    assert post_json(client, sign_url(appeal.pk), payload()).status_code == 404


def test_regions_are_listed(client):
    codes = {region["code"] for region in client.get(reverse("api-v1:region_list")).json()}

    assert {"MOW", "SPE"} <= codes


# Documentation


def test_openapi_schema_and_docs_load(client):
    schema = client.get("/api/openapi.json")
    docs = client.get("/api/docs")

    assert schema.status_code == 200
    assert "/api/v1/appeals/{appeal_id}/signatures" in schema.json()["paths"]
    assert docs.status_code == 200


def test_signing_while_the_database_is_away_says_try_again_not_500(client, monkeypatch):
    from django.db import OperationalError

    from heard.signatures import services as signature_services

    appeal = factories.appeal_in(Appeal.Status.OPEN)

    def database_away(**kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(signature_services, "signature_create", database_away)
    response = post_json(client, sign_url(appeal.pk), payload())

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


def test_reading_while_the_database_is_away_says_try_again_not_500(client, monkeypatch):
    from django.db import OperationalError

    from heard.appeals import selectors

    def database_away(**kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(selectors, "appeal_public_get", database_away)
    response = client.get("/api/v1/appeals/1")

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
