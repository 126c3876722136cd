"""The input-cleaning layer as a visitor, a staff member and an API client meet it."""

import json

import pytest
from django.urls import reverse

from heard.addresses.models import Address
from heard.appeals.models import Appeal
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

REASON = "cannot be stored"


def test_a_null_in_a_page_query_is_a_400_page_with_the_reason(client):
    response = client.get(reverse("appeals:list"), {"q": "a\x00b"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert REASON in response.content.decode()


def test_the_page_is_in_the_visitors_language(client, settings):
    settings.LANGUAGE_CODE = "ru"

    response = client.get("/appeals/", {"q": "\x00"})

    assert response.status_code == 400 and response["Content-Language"] == "ru"
    assert "нельзя сохранить" in response.content.decode()


@pytest.mark.parametrize("path", ["/appeals/%00/", "/en/appeals/%01x/", "/signatures/1/%00/"])
def test_control_characters_in_the_path_are_refused(client, path):
    response = client.get(path)

    assert response.status_code == 400 and REASON in response.content.decode()


def test_a_null_in_a_form_field_stores_nothing(client):
    factories.addressee()
    response = client.post(reverse("signatures:start"), {"title": "Bring them home\x00"})

    assert response.status_code == 400 and REASON in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_null_in_a_staff_queue_filter_is_a_400_not_a_500(client):
    address, responder = make.assigned_address()
    client.force_login(responder)
    queue = reverse("addresses:queue", args=[address.addressee.slug])

    response = client.get(queue, {"department": "\x00"})

    assert response.status_code == 400 and address.number not in response.content.decode()


def test_line_breaks_and_tabs_are_not_control_characters_to_refuse(client):
    response = client.get(reverse("appeals:list"), {"q": "two\nlines\tand a tab"})

    assert response.status_code == 200


@pytest.mark.parametrize("pk", [10**18, 10**30])
def test_ids_past_the_databases_integers_are_not_found(client, pk):
    assert client.get(f"/appeals/{pk}/").status_code == 404
    assert client.get(f"/staff/addresses/item/{pk}/").status_code == 404


def test_urls_with_int_converters_fail_the_system_check(settings):
    from django.urls import path

    from heard.core.cleaning.checks import urls_use_bounded_ids

    assert urls_use_bounded_ids() == []
    module = type("urls", (), {"urlpatterns": [path("x/<int:pk>/", lambda request, pk: None)]})
    settings.ROOT_URLCONF = module

    errors = urls_use_bounded_ids()

    assert [error.id for error in errors] == ["heard.core.E002"]
    assert "x/<int:pk>/" in errors[0].msg


def test_the_rejection_happens_before_anything_is_stored_on_any_database(client):
    addressee = factories.addressee()
    body = {
        "addressee": addressee.slug,
        "text": "Text\x00",
        "consent_processing": True,
    }

    response = client.post("/api/v1/addresses", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "unstorable_character"
    assert not Address.objects.exists()
