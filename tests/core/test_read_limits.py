"""Open311 reads and tracking lookups all ask heard.core.read_limits first, and answer 429 when
it refuses (the per-IP limits plug in there)."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from heard.core import read_limits
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusing(monkeypatch):
    asked = []

    def refuse(request, *, scope):
        asked.append(scope)
        return False

    monkeypatch.setattr(read_limits, "read_allowed", refuse)
    return asked


@pytest.mark.parametrize(
    "path",
    ["/open311/v2/requests.json", "/open311/v2/services.json", "/open311/v2/requests/X-1.json"],
)
def test_open311_reads_are_refused_with_429_in_the_standard_shape(client, refusing, path):
    response = client.get(path)
    assert response.status_code == 429 and response.json()[0]["code"] == 429
    assert refusing == [read_limits.ReadScope.OPEN311]


def test_open311_xml_refusal_is_xml(client, refusing):
    response = client.get("/open311/v2/requests.xml")
    assert response.status_code == 429
    assert ET.fromstring(response.content).findtext("error/code") == "429"  # noqa: S314


def test_tracking_lookups_are_refused_with_429(client, refusing):
    address, code = make.address()
    page = client.post(reverse("addresses:track"), {"number": address.number, "code": code})
    api = client.get(f"/api/v1/addresses/{address.number}", HTTP_X_TRACKING_CODE=code)
    assert page.status_code == 429 and f"Address {address.number}" not in page.content.decode()
    assert api.status_code == 429 and api.json()["code"] == "too_many"
    assert refusing == [read_limits.ReadScope.TRACKING] * 2
