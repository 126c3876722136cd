"""Sending an individual address with a verified identity, and the addressee's rule for who may
write, against the real demo provider."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from heard.addresses.models import Address
from heard.core.models import AuditEvent
from heard.offices.models import AddressIdentity
from tests import factories
from tests.identity.journeys import address_form
from tests.identity.provider import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressee(provider):
    return factories.addressee(address_identity=AddressIdentity.VERIFIED)


def send_verified(client, addressee, *, username: str = "demo", **overrides):
    started = client.post("/addresses/new/verified/", address_form(addressee, **overrides))
    assert started.status_code == 302, started.content[:300]
    parts = urlsplit(sign_in(started["Location"], username=username))
    return client.get(f"{parts.path}?{parts.query}")


def test_a_verified_address_is_registered_at_once_and_marked_for_the_staff(client, addressee):
    answer = send_verified(client, addressee, email="", applicant_name="")

    assert answer.status_code == 302 and answer["Location"] == "/addresses/sent/"
    address = Address.objects.get(addressee=addressee)
    assert address.status == Address.Status.REGISTERED
    # What the sender left empty came from the provider's mapped claims.
    assert address.applicant_name == "Vera Demo" and address.email == "demo@example.org"
    assert address.region.code == "MOW"
    assert address.identity_verification.provider == "demo"
    assert AuditEvent.objects.filter(verb="identity_verified", subject_id=address.pk).exists()

    client.force_login(factories.responder(addressee))
    detail = client.get(reverse("addresses:staff_detail", args=[address.pk]))
    queue = client.get(reverse("addresses:queue", args=[addressee.slug]))
    assert b"identity verified" in detail.content and b"identity verified" in queue.content


def test_what_the_sender_typed_wins_over_the_claims(client, addressee):
    send_verified(client, addressee, applicant_name="V. D.", email="mine@example.org")

    address = Address.objects.get(addressee=addressee)
    assert address.applicant_name == "V. D." and address.email == "mine@example.org"
    assert address.status == Address.Status.REGISTERED  # no e-mail loop


def test_the_public_never_sees_the_verified_mark(client, addressee):
    send_verified(client, addressee, email="")
    sent = client.get("/addresses/sent/")

    assert sent.status_code == 200
    assert b"Your address is registered" in sent.content and b"tracking-code" in sent.content
    assert b"identity verified" not in sent.content


def test_the_plain_form_is_refused_where_a_verified_identity_is_needed(client, addressee):
    data = address_form(addressee)
    data.pop("provider")

    answer = client.post(f"/addresses/new/?to={addressee.slug}", data)

    assert b"only addresses from a verified identity" in answer.content
    assert not Address.objects.filter(addressee=addressee).exists()


def test_the_form_says_what_the_addressee_needs_before_one_starts(client, addressee):
    page = client.get(f"/addresses/new/?to={addressee.slug}")

    assert b"only addresses from a verified identity" in page.content
    assert b"/addresses/new/verified/" in page.content


def test_an_addressee_that_needs_an_email_refuses_an_address_without_one(client, provider):
    addressee = factories.addressee(address_identity=AddressIdentity.EMAIL)
    data = address_form(addressee)
    data.pop("provider")

    page = client.get(f"/addresses/new/?to={addressee.slug}")
    answer = client.post(f"/addresses/new/?to={addressee.slug}", data)

    assert b"only addresses with a confirmed e-mail" in page.content
    assert b"only addresses with a confirmed e-mail" in answer.content
    assert not Address.objects.filter(addressee=addressee).exists()


def test_an_addressee_without_a_rule_takes_addresses_as_before(client, provider):
    addressee = factories.addressee()
    data = address_form(addressee)
    data.pop("provider")

    answer = client.post("/addresses/new/", data)

    assert answer.status_code == 302
    assert Address.objects.get(addressee=addressee).status == Address.Status.REGISTERED


def test_verified_sending_is_refused_for_an_addressee_that_does_not_ask_for_it(client, provider):
    addressee = factories.addressee()

    answer = client.post("/addresses/new/verified/", address_form(addressee))

    assert answer.status_code == 400
    assert not Address.objects.filter(addressee=addressee).exists()
