import pytest

from heard.addresses import services
from heard.addresses.models import Address
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def city():
    addressee = factories.addressee(slug="moscow-office")
    topic = make.category(addressee, "roads")
    _key, raw = services.api_key_issue(name="call centre", addressee=addressee)
    return addressee, topic, raw


def form(raw, **overrides) -> dict:
    return {
        "api_key": raw,
        "service_code": "moscow-office.roads",
        "description": "The road to the military hospital is not cleared.",
        "first_name": "Ivan",
        "last_name": "Petrov",
        "email": "ivan@example.org",
    } | overrides


def test_services_are_the_categories(client, city):
    addressee, topic, _raw = city
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response.json()[0]["service_code"] == "moscow-office.roads"
    assert response.json()[0]["group"] == addressee.name
    filtered = client.get(f"{BASE}/services.json", {"jurisdiction_id": "moscow-office"})
    assert len(filtered.json()) == 1
    missing = client.get(f"{BASE}/services.json", {"jurisdiction_id": "nowhere"})
    assert missing.status_code == 404 and missing.json()[0]["description"]


def test_posting_a_request_with_a_key_registers_an_address(client, city):
    response = client.post(f"{BASE}/requests.json", form(city[2], **{"attribute[region]": "MOW"}))
    assert response.status_code == 201, response.content
    body = response.json()[0]
    address = Address.objects.get(number=body["service_request_id"])
    assert address.channel == "api" and address.applicant_name == "Ivan Petrov"
    assert address.region.code == "MOW" and body["tracking_code"]


def test_a_flood_of_posts_gets_429_with_retry_after_and_stores_nothing_more(
    client, city, settings
):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"api_address": {"ip": [(2, 60)]}}
    responses = [client.post(f"{BASE}/requests.json", form(city[2])) for _ in range(4)]
    assert [response.status_code for response in responses] == [201, 201, 429, 429]
    assert responses[-1].json()[0]["code"] == 429
    assert int(responses[-1]["Retry-After"]) >= 1
    assert Address.objects.count() == 2


def test_posting_json_works_too(client, city):
    response = client.post(f"{BASE}/requests.json", form(city[2]), content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"api_key": ""}, 403),
        ({"api_key": "hk_bad_key"}, 403),
        ({"service_code": "moscow-office.nothing"}, 400),
        ({"service_code": ""}, 400),
        ({"description": ""}, 400),
        ({"email": "not-mail"}, 400),
        ({"attribute[region]": "ZZ"}, 400),
        ({"attribute[kind]": "poem"}, 400),
    ],
)
def test_bad_requests_get_open311_errors_and_store_nothing(client, city, overrides, status):
    response = client.post(f"{BASE}/requests.json", form(city[2], **overrides))
    assert response.status_code == status
    assert response.json()[0]["code"] == status and response.json()[0]["description"]
    assert not Address.objects.exists()


def test_malformed_json_is_an_open311_error(client, city):
    response = client.post(f"{BASE}/requests.json", "[1,", content_type="application/json")
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_a_key_of_another_addressee_cannot_post(client, city):
    _key, other = services.api_key_issue(name="x", addressee=factories.addressee())
    response = client.post(f"{BASE}/requests.json", form(other))
    assert response.status_code == 403


def test_requests_list_maps_states_and_hides_personal_data(client, city):
    addressee, topic, _raw = city
    make.route(addressee, make.department(addressee, "roads"))
    open_one, _ = make.address(to=addressee, category=topic)
    closed_one, _ = make.address(to=addressee, category=topic)
    services.address_answer(
        address=closed_one, actor=factories.responder(addressee), text="Done.", office="Roads"
    )
    response = client.get(f"{BASE}/requests.json")
    assert response.status_code == 200
    states = {row["service_request_id"]: row["status"] for row in response.json()}
    assert states == {open_one.number: "open", closed_one.number: "closed"}
    text = response.content.decode()
    assert open_one.email not in text and open_one.text not in text and "Anna" not in text
    only_closed = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert [row["service_request_id"] for row in only_closed] == [closed_one.number]
    by_code = client.get(f"{BASE}/requests.json", {"service_code": "moscow-office.roads"})
    assert len(by_code.json()) == 2


@pytest.mark.parametrize(
    "query",
    [
        {"status": "maybe"},
        {"start_date": "yesterday"},
        {"start_date": "2026-01-01T00:00:00"},
        {"start_date": "2026-02-30T00:00:00+00:00"},
    ],
)
def test_bad_list_parameters_are_400(client, query):
    response = client.get(f"{BASE}/requests.json", query)
    assert response.status_code == 400 and response.json()[0]["description"]


def test_end_before_start_is_400(client):
    response = client.get(
        f"{BASE}/requests.json",
        {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    )
    assert response.status_code == 400


def test_one_request_by_id(client, city):
    address, _ = make.address(to=city[0], category=city[1])
    response = client.get(f"{BASE}/requests/{address.number}.json")
    assert response.status_code == 200
    row = response.json()[0]
    assert row["service_request_id"] == address.number and row["status"] == "open"
    assert row["expected_datetime"] and row["description"] is None
    assert client.get(f"{BASE}/requests/NOPE-1.json").status_code == 404
