"""Open311's default format, XML, for every endpoint, read back with xml.etree."""

import xml.etree.ElementTree as ET

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


def parsed(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own answer


def test_services_xml_lists_the_categories(client, city):
    root = parsed(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    service = root.find("service")
    assert service.findtext("service_code") == "moscow-office.roads"
    assert service.findtext("group") == city[0].name
    assert service.findtext("metadata") == "false"


def test_requests_xml_has_the_same_records_as_json(client, city):
    address, _code = make.address(to=city[0], category=city[1])
    root = parsed(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request.findtext("service_request_id") == address.number
    assert request.findtext("status") == "open"
    assert request.findtext("service_code") == "moscow-office.roads"
    assert request.find("description").text is None  # null: never published
    as_json = client.get(f"{BASE}/requests.json").json()[0]
    assert request.findtext("requested_datetime") == as_json["requested_datetime"]


def test_requests_xml_is_paged_and_cacheable(client, city):
    for _ in range(3):
        make.address(to=city[0])
    first = client.get(f"{BASE}/requests.xml", {"page_size": 2})
    assert len(parsed(first).findall("request")) == 2
    assert 'rel="next"' in first["Link"] and "requests.xml" in first["Link"]
    again = client.get(f"{BASE}/requests.xml", {"page_size": 2}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_one_request_xml(client, city):
    address, _code = make.address(to=city[0])
    root = parsed(client.get(f"{BASE}/requests/{address.number}.xml"))
    assert root.find("request").findtext("service_request_id") == address.number


def test_posting_to_requests_xml_answers_in_xml(client, city):
    response = client.post(
        f"{BASE}/requests.xml",
        {
            "api_key": city[2],
            "service_code": "moscow-office.roads",
            "description": "The road is not cleared.",
            "email": "ivan@example.org",
        },
    )
    assert response.status_code == 201
    request = parsed(response).find("request")
    address = Address.objects.get(number=request.findtext("service_request_id"))
    assert request.findtext("tracking_code") and request.findtext("service_notice")
    assert address.channel == "api"


@pytest.mark.parametrize(
    ("method", "path", "data", "status"),
    [
        ("get", "/requests/NOPE-1.xml", {}, 404),
        ("get", "/requests.xml", {"status": "maybe"}, 400),
        ("get", "/requests.xml", {"page": "x"}, 400),
        ("get", "/services.xml", {"jurisdiction_id": "nowhere"}, 404),
        ("post", "/requests.xml", {"api_key": "hk_bad"}, 403),
    ],
)
def test_errors_on_xml_paths_are_open311_xml_errors(client, method, path, data, status):
    response = getattr(client, method)(f"{BASE}{path}", data)
    assert response.status_code == status
    root = parsed(response)
    assert root.tag == "errors"
    error = root.find("error")
    assert error.findtext("code") == str(status) and error.findtext("description")


@pytest.mark.parametrize("suffix", ["json", "xml"])
def test_discovery_names_the_endpoint_and_both_formats(client, suffix):
    response = client.get(f"/open311/discovery.{suffix}")
    assert response.status_code == 200
    if suffix == "xml":
        endpoint = parsed(response).find("endpoints/endpoint")
        url = endpoint.findtext("url")
        formats = [item.text for item in endpoint.findall("formats/format")]
    else:
        endpoint = response.json()["endpoints"][0]
        url, formats = endpoint["url"], endpoint["formats"]
    assert url.endswith("/open311/v2")
    assert set(formats) == {"text/xml", "application/json"}


def test_control_characters_never_break_the_xml(client, city):
    address, _code = make.address(to=city[0])
    Address.objects.filter(pk=address.pk).update(extension_reason="bad\x01\x0bchars")
    Address.objects.filter(pk=address.pk).update(extended_at=address.received_at)
    root = parsed(client.get(f"{BASE}/requests.xml"))
    assert "chars" in root.find("request").findtext("status_notes")
