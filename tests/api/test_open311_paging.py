"""GET requests comes in pages, with Link to the next and previous, and can be cached over HTTP."""

import re

import pytest

from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

LIST = "/open311/v2/requests.json"


@pytest.fixture
def five():
    addressee = factories.addressee(slug="moscow-office")
    return [make.address(to=addressee)[0] for _ in range(5)]


def links(response) -> dict[str, str]:
    return {
        rel: url for url, rel in re.findall(r'<([^>]+)>;\s*rel="(\w+)"', response.get("Link", ""))
    }


def numbers(response) -> list[str]:
    return [row["service_request_id"] for row in response.json()]


def test_pages_follow_each_other_through_link_without_gaps_or_repeats(client, five):
    first = client.get(LIST, {"page_size": 2})
    assert first.status_code == 200 and len(first.json()) == 2
    assert "prev" not in links(first)
    second = client.get(links(first)["next"])
    third = client.get(links(second)["next"])
    assert "page=1" in links(second)["prev"] and "page_size=2" in links(second)["prev"]
    assert "next" not in links(third)
    seen = numbers(first) + numbers(second) + numbers(third)
    assert sorted(seen) == sorted(address.number for address in five)
    assert len(numbers(third)) == 1


def test_link_keeps_the_filters(client, five):
    first = client.get(LIST, {"page_size": 2, "status": "open"})
    assert "status=open" in links(first)["next"]


def test_page_size_defaults_to_the_setting_and_is_capped(client, five, settings):
    settings.HEARD_OPEN311_PAGE_SIZE = 3
    assert len(client.get(LIST).json()) == 3
    too_big = client.get(LIST, {"page_size": 4})
    assert too_big.status_code == 400 and "3" in too_big.json()[0]["description"]


def test_the_default_page_size_is_at_most_a_hundred(settings):
    assert settings.HEARD_OPEN311_PAGE_SIZE <= 100


@pytest.mark.parametrize("query", [{"page": "0"}, {"page": "x"}, {"page_size": "0"}])
def test_bad_paging_parameters_are_open311_errors(client, query):
    response = client.get(LIST, query)
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_a_page_past_the_end_is_empty(client, five):
    response = client.get(LIST, {"page": 9, "page_size": 2})
    assert response.status_code == 200 and response.json() == []
    assert "next" not in links(response)


def test_lists_are_publicly_cacheable_for_a_short_time(client, five):
    response = client.get(LIST)
    control = response["Cache-Control"]
    assert "public" in control
    assert 0 < int(re.search(r"max-age=(\d+)", control).group(1)) <= 300
    assert response["ETag"] and response["Last-Modified"]
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


def test_a_known_etag_gets_304_without_a_body(client, five):
    first = client.get(LIST, {"page_size": 2})
    again = client.get(LIST, {"page_size": 2}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_change_gives_a_new_etag(client, five):
    first = client.get(LIST)
    make.address(to=five[0].addressee)
    again = client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_if_modified_since_gets_304_when_nothing_changed(client, five):
    first = client.get(LIST)
    again = client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    stale = client.get(LIST, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT")
    assert stale.status_code == 200


def test_one_request_is_cacheable_too(client, five):
    url = f"/open311/v2/requests/{five[0].number}.json"
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_errors_are_not_cached_publicly(client):
    response = client.get(LIST, {"status": "maybe"})
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")
