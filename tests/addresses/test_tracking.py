"""Following an address by number and tracking code: never cached, never kept in clear in the
session, and found through an index."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heard.addresses import selectors
from heard.addresses.models import Address
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_status_page_is_never_stored(client):
    address, code = make.address()
    answer = client.post(reverse("addresses:track"), {"number": address.number, "code": code})
    assert answer.status_code == 200 and no_store(answer)
    wrong = client.post(reverse("addresses:track"), {"number": address.number, "code": "X"})
    assert no_store(wrong)


def test_the_page_that_shows_the_new_code_is_never_stored(client):
    response = client.post(
        reverse("addresses:create"),
        {
            "addressee": factories.addressee().pk,
            "kind": "question",
            "text": "When will the mobilised come home?",
            "email": "olga@example.org",
            "consent_processing": "on",
        },
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and no_store(page)


def test_the_session_never_holds_the_tracking_code(client):
    # Without an e-mail the code is shown on the page (with one it goes only by e-mail).
    client.post(
        reverse("addresses:create"),
        {
            "addressee": factories.addressee().pk,
            "kind": "question",
            "text": "When will the mobilised come home?",
            "consent_processing": "on",
        },
    )
    kept = json.dumps(dict(client.session.items()))
    page = client.get(reverse("addresses:sent")).content.decode()
    address = Address.objects.get()
    code = page.split('id="tracking-code"')[1].split(">")[1].split("<")[0].strip()
    assert len(code.replace("-", "")) == 12
    assert code not in kept and code.replace("-", "") not in kept
    assert address.number in page


def test_a_forged_session_value_shows_no_code(client):
    address, _code = make.address()
    session = client.session
    session["address_sent"] = {"address": address.pk}
    session.save()
    assert client.get(reverse("addresses:sent")).status_code == 302


def test_the_api_lookup_is_never_stored_and_varies_on_the_code(client):
    address, code = make.address()
    url = f"/api/v1/addresses/{address.number}"
    found = client.get(url, HTTP_X_TRACKING_CODE=code)
    missing = client.get(url, HTTP_X_TRACKING_CODE="wrong")
    for response in (found, missing):
        assert no_store(response)
        assert "X-Tracking-Code" in response["Vary"]
    assert found.status_code == 200 and missing.status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/addresses", "/open311/v2/requests.json"])
def test_answers_that_carry_a_new_code_are_never_stored(client, url):
    addressee = factories.addressee(slug="moscow-office")
    make.category(addressee, "roads")
    from heard.addresses import services

    _key, raw = services.api_key_issue(name="desk", addressee=addressee)
    if url.startswith("/api"):
        response = client.post(
            url,
            {"addressee": "moscow-office", "text": "Where?", "consent_processing": True},
            content_type="application/json",
            HTTP_X_API_KEY=raw,
        )
    else:
        response = client.post(
            url,
            {"api_key": raw, "service_code": "moscow-office.roads", "description": "Where?"},
        )
    assert response.status_code == 201 and no_store(response)


def test_lookup_ignores_the_case_of_the_number(client):
    address, code = make.address()
    assert selectors.address_for_tracking(number=address.number.lower(), code=code) == address


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans differ on SQLite")
def test_tracking_lookup_uses_an_index_on_postgresql():
    address, code = make.address()
    with CaptureQueriesContext(connection) as queries:
        selectors.address_for_tracking(number=address.number.lower(), code=code)
    lookup = next(q["sql"] for q in queries if 'FROM "addresses_address"' in q["sql"])
    # The lookup's condition, without its order and limit: once autovacuum has analysed a table
    # of a few test rows, walking the received-date index in order is the cheaper plan for
    # those few rows, which says nothing about the lookup at size.
    lookup = lookup.split(" ORDER BY ")[0]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {lookup}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "address_number_upper" in plan, plan
    assert "Seq Scan on addresses_address" not in plan, plan


def test_staff_entry_keeps_no_code_in_the_session_either(client):
    addressee = factories.addressee()
    client.force_login(factories.responder(addressee))
    client.post(
        reverse("addresses:enter", args=[addressee.slug]),
        {
            "channel": "post",
            "received_at": "2026-01-10T10:00",
            "kind": "complaint",
            "text": "A letter.",
            "applicant_name": "",
            "email": "",
        },
    )
    kept = json.dumps(dict(client.session.items()))
    page = client.get(reverse("addresses:sent")).content.decode()
    code = page.split('id="tracking-code"')[1].split(">")[1].split("<")[0].strip()
    assert len(code.replace("-", "")) == 12
    assert code not in kept and code.replace("-", "") not in kept
