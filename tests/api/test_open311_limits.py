"""Every Open311 read passes the per-IP limit of HEARD_LIMITS["open311_read"]."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"open311_read": {"ip": [(2, 60)]}}


@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/requests.json",
        "/open311/v2/services.json",
        "/open311/v2/requests/X-1.json",
        "/open311/discovery.json",
    ],
)
def test_reads_over_the_limit_get_429_with_retry_after(client, two_a_minute, path):
    statuses = [client.get(path).status_code for _ in range(2)]
    refused = client.get(path)
    assert 429 not in statuses
    assert refused.status_code == 429 and refused.json()[0]["code"] == 429
    assert int(refused["Retry-After"]) > 0


def test_the_refusal_on_an_xml_path_is_xml(client, two_a_minute):
    for _ in range(2):
        client.get("/open311/v2/requests.xml")
    refused = client.get("/open311/v2/requests.xml")
    assert refused.status_code == 429
    assert ET.fromstring(refused.content).findtext("error/code") == "429"  # noqa: S314
