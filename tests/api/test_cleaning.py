"""Unstorable input to the API (v1) and Open311 is a 4xx with a reason, never a 500, on SQLite
and PostgreSQL alike; API writes take JSON only."""

import json

import pytest
from django.core import mail

from heard.addresses import services
from heard.addresses.models import Address
from heard.appeals.models import Appeal
from heard.signatures.models import Signature
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

OPEN311 = "/open311/v2"


@pytest.fixture
def city():
    addressee = factories.addressee(slug="moscow-office")
    make.category(addressee, "roads")
    _key, raw = services.api_key_issue(name="call centre", addressee=addressee)
    return addressee, raw


def address_body(target, **overrides) -> dict:
    return {
        "addressee": target.slug,
        "text": "Please bring the reservists home.",
        "name": "Maria",
        "email": "maria@example.org",
        "consent_processing": True,
    } | overrides


def open311_form(raw, **overrides) -> dict:
    return {
        "api_key": raw,
        "service_code": "moscow-office.roads",
        "description": "The road to the hospital is not cleared.",
        "first_name": "Ivan",
        "last_name": "Petrov",
        "email": "ivan@example.org",
    } | overrides


@pytest.mark.parametrize(
    "field", ["text", "name", "postal_address", "addressee", "category", "region", "email"]
)
def test_a_null_in_any_address_field_is_a_400_with_a_reason(client, field):
    addressee = factories.addressee()
    body = address_body(addressee, **{field: "bad\x00value"})

    response = client.post("/api/v1/addresses", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "unstorable_character"
    assert "cannot be stored" in response.json()["detail"]
    assert not Address.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/addresses/statistics?addressee=%00",
        "/api/v1/addresses/%00",
        "/api/v1/appeals?q=%1b",
        "/api/v1/appeals/1%00",
    ],
)
def test_a_null_in_an_api_query_or_path_is_a_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response.json()["code"] == "unstorable_character"


@pytest.mark.parametrize(
    "param",
    ["service_request_id", "service_code", "start_date", "end_date", "status", "jurisdiction_id"],
)
def test_a_null_in_any_open311_query_parameter_is_a_400_in_the_standards_shape(client, param):
    response = client.get(f"{OPEN311}/requests.json", {param: "x\x00"})

    assert response.status_code == 400
    assert response.json()[0]["code"] == 400 and response.json()[0]["description"]


def test_a_null_in_an_open311_post_stores_nothing_form_or_json(client, city):
    _addressee, raw = city
    form = client.post(f"{OPEN311}/requests.json", open311_form(raw, description="x\x00"))
    as_json = client.post(
        f"{OPEN311}/requests.json",
        json.dumps(open311_form(raw, first_name="I\u0000van")),
        content_type="application/json",
    )

    assert form.status_code == 400 and as_json.status_code == 400
    assert "cannot be stored" in as_json.json()[0]["description"]
    assert not Address.objects.exists()


def test_deeply_nested_json_to_open311_is_a_400_not_a_recursion_error(client):
    body = "[" * 100_000 + "]" * 100_000

    response = client.post(f"{OPEN311}/requests.json", body, content_type="application/json")

    assert response.status_code == 400
    assert "nests deeper than 20 levels" in response.json()[0]["description"]


def test_deeply_nested_json_to_the_api_is_a_400(client):
    body = '{"name": ' + "[" * 50 + "]" * 50 + "}"

    response = client.post("/api/v1/addresses", body, content_type="application/json")

    assert response.status_code == 400 and response.json()["code"] == "too_deep"


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_dates_out_of_the_databases_range_are_a_400(client, moment):
    response = client.get(f"{OPEN311}/requests.json", {"start_date": moment})

    assert response.status_code == 400
    assert "W3C date-times" in response.json()[0]["description"]


def test_open311_json_null_is_an_empty_field_not_the_text_none(client, city):
    _addressee, raw = city
    body = open311_form(raw, first_name=None, address_string=None)

    response = client.post(
        f"{OPEN311}/requests.json", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    address = Address.objects.get()
    assert address.applicant_name == "Petrov"
    assert address.postal_address == ""


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_signing_accepts_only_json(client, content_type):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    before = Signature.objects.count()
    body = json.dumps(
        {"name": "Vera", "email": "vera@example.org", "region": "SPE", "consent_processing": True}
    )

    response = client.post(
        f"/api/v1/appeals/{appeal.pk}/signatures", body, content_type=content_type
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not appeal.signatures.filter(**factories.by_email("vera@example.org")).exists()
    assert Signature.objects.count() == before


def test_sending_an_address_accepts_only_json(client):
    addressee = factories.addressee()

    response = client.post(
        "/api/v1/addresses", json.dumps(address_body(addressee)), content_type="text/plain"
    )

    assert response.status_code == 415 and not Address.objects.exists()


def test_open311_still_takes_its_standard_form_encoding(client, city):
    _addressee, raw = city

    response = client.post(f"{OPEN311}/requests.json", open311_form(raw))

    assert response.status_code == 201


def test_reasons_are_in_the_language_the_client_asks_for(client):
    body = "[" * 30 + "]" * 30

    response = client.post(
        f"{OPEN311}/requests.json",
        body,
        content_type="application/json",
        headers={"Accept-Language": "ru"},
    )

    assert response.status_code == 400 and response["Content-Language"] == "ru"
    assert "глубже 20 уровней" in response.json()[0]["description"]
