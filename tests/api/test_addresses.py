import pytest
from django.core import mail

from heard.addresses import services
from heard.addresses.models import Address
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

URL = "/api/v1/addresses"


def payload(target, **overrides) -> dict:
    return {
        "addressee": target.slug,
        "text": "Please bring the reservists home.",
        "name": "Maria",
        "email": "maria@example.org",
        "consent_processing": True,
    } | overrides


def key_for(addressee) -> dict:
    """The header of a fresh key of the addressee's own (its call centre, its portal)."""
    _key, raw = services.api_key_issue(name="portal", addressee=addressee)
    return {"HTTP_X_API_KEY": raw}


def test_a_key_holder_sends_an_address_and_gets_a_number_and_a_code(client):
    addressee = factories.addressee()
    topic = make.category(addressee, "mobilisation")
    response = client.post(
        URL,
        payload(addressee, category="mobilisation", region="MOW"),
        content_type="application/json",
        **key_for(addressee),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    address = Address.objects.get(number=body["number"])
    assert address.channel == "api" and address.category == topic
    assert body["tracking_code"] in mail.outbox[0].body
    assert body["answer_due_at"]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"consent_processing": False}, "consent_required"),
        ({"addressee": "nobody"}, "unknown_addressee"),
        ({"category": "nothing"}, "unknown_category"),
        ({"region": "XX"}, "unknown_region"),
        ({"email": "nope"}, "invalid_email"),
        ({"kind": "poem"}, "invalid_kind"),
        ({"text": "  "}, "text_required"),
        ({"text": "x" * 20_001}, "invalid_input"),
        ({"language": "de"}, "invalid_input"),
    ],
)
def test_bad_input_gets_a_reason_and_stores_nothing(client, overrides, code):
    addressee = factories.addressee()
    response = client.post(
        URL,
        payload(addressee, **overrides),
        content_type="application/json",
        **key_for(addressee),
    )
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]
    assert not Address.objects.exists()


def test_malformed_json_is_a_400(client):
    headers = key_for(factories.addressee())
    response = client.post(URL, "{not json", content_type="application/json", **headers)
    assert response.status_code == 400


def test_sending_without_a_key_is_refused_and_stores_nothing(client):
    response = client.post(URL, payload(factories.addressee()), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "api_key_required"
    assert not Address.objects.exists()


def test_a_flood_through_one_key_gets_429_with_retry_after(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"api_address": {"ip": [(3, 60)]}}
    addressee = factories.addressee()
    headers = key_for(addressee)
    codes = [
        client.post(URL, payload(addressee), content_type="application/json", **headers)
        for _ in range(5)
    ]
    assert [response.status_code for response in codes] == [201] * 3 + [429] * 2
    assert int(codes[-1]["Retry-After"]) >= 1
    assert Address.objects.count() == 3


def test_one_email_gets_a_few_mails_a_day_at_most(client, settings):
    settings.HEARD_MAIL_DAILY = 2
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"api_address": {"email": [(2, 86400)]}}
    addressee = factories.addressee()
    headers = key_for(addressee)
    mail.outbox.clear()
    statuses = [
        client.post(
            URL,
            payload(addressee, email="victim@example.org"),
            content_type="application/json",
            **headers,
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 429, 429]
    assert len([m for m in mail.outbox if m.to == ["victim@example.org"]]) == 2


def test_tracking_lookups_are_limited_per_ip(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"track": {"ip": [(2, 60)]}}
    address, code = make.address()
    statuses = [
        client.get(f"{URL}/{address.number}", HTTP_X_TRACKING_CODE=code).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_an_organisation_key_submits_for_a_member_with_consent(client):
    organisation = make.organisation()
    _key, raw = services.api_key_issue(name="CRM", organisation=organisation)
    addressee = factories.addressee()
    refused = client.post(
        URL, payload(addressee), content_type="application/json", HTTP_X_API_KEY=raw
    )
    assert refused.status_code == 400 and refused.json()["code"] == "consent_required"
    response = client.post(
        URL,
        payload(addressee, member_consent=True),
        content_type="application/json",
        HTTP_X_API_KEY=raw,
    )
    assert response.status_code == 201
    assert Address.objects.get().organisation == organisation


def test_a_revoked_or_unknown_key_is_refused(client):
    addressee = factories.addressee()
    key, raw = services.api_key_issue(name="call centre", addressee=addressee)
    services.api_key_revoke(key=key)
    for header in (raw, "hk_nope_nope", "garbage"):
        response = client.post(
            URL, payload(addressee), content_type="application/json", HTTP_X_API_KEY=header
        )
        assert response.status_code == 401


def test_an_addressee_key_sends_only_to_its_addressee(client):
    addressee = factories.addressee()
    _key, raw = services.api_key_issue(name="call centre", addressee=addressee)
    response = client.post(
        URL, payload(factories.addressee()), content_type="application/json", HTTP_X_API_KEY=raw
    )
    assert response.status_code == 403


def test_status_by_number_and_tracking_code(client):
    address, code = make.address()
    response = client.get(f"{URL}/{address.number}", HTTP_X_TRACKING_CODE=code)
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "registered" and body["answer"] is None
    assert "email" not in body and "text" not in body
    wrong = client.get(f"{URL}/{address.number}", HTTP_X_TRACKING_CODE="AAAA-AAAA-AAAA")
    unknown = client.get(f"{URL}/NOPE-2026-1", HTTP_X_TRACKING_CODE=code)
    assert wrong.status_code == unknown.status_code == 404


def test_status_shows_the_answer(client):
    address, responder = make.assigned_address()
    code_address, code = make.address(to=address.addressee)
    services.address_answer(address=code_address, actor=responder, text="Yes.", office="Office")
    body = client.get(f"{URL}/{code_address.number}", HTTP_X_TRACKING_CODE=code).json()
    assert body["state"] == "answered" and body["answer"]["text"] == "Yes."


def test_public_statistics_without_personal_data(client):
    address, responder = make.assigned_address()
    services.address_answer(address=address, actor=responder, text="Yes.", office="Office")
    make.address(to=address.addressee)
    response = client.get(f"{URL}/statistics", {"addressee": address.addressee.slug})
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["received"] == 2
    assert body["totals"]["answered_on_time"] == 1
    assert body["totals"]["median_days"] == 0.0
    assert body["months"][0]["received"] == 2
    assert address.email not in response.content.decode()
    assert client.get(f"{URL}/statistics", {"addressee": "nobody"}).status_code == 404
    assert client.get(f"{URL}/statistics").status_code == 400
