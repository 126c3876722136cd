"""An anonymous electronic address cannot be used to flood the register or someone's mailbox:
from the web an address with an e-mail is registered when its sender confirms the e-mail; over a
limit it is held for the office, which registers it or sets it aside (decision 0508). Nothing a
real person sends is lost: held and unconfirmed addresses keep their number and term."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from heard.addresses import services, statistics
from heard.addresses.models import Address
from heard.core.audit import audit_events_for
from heard.core.errors import PermissionDenied, TransitionNotAllowed
from tests import factories
from tests.addresses.test_views import send_form

pytestmark = pytest.mark.django_db

Status = Address.Status


def confirm_link() -> str:
    found = re.search(r"https?://\S+/addresses/confirm/\S+", mail.outbox[-1].body)
    return "/" + found.group(0).split("/", 3)[3]


def test_a_flood_from_one_connection_registers_nothing_and_mails_the_victim_a_few_times(
    client, settings
):
    addressee = factories.addressee()
    mail.outbox.clear()

    for _ in range(25):
        response = client.post(
            reverse("addresses:create"), send_form(addressee, email="victim@example.org")
        )
        assert response.status_code == 302  # every sender sees the usual page

    addresses = Address.objects.filter(addressee=addressee)
    assert addresses.count() == 25  # kept, each with its number
    assert not addresses.filter(registered_at__isnull=False).exists()
    to_victim = [m for m in mail.outbox if m.to == ["victim@example.org"]]
    assert 1 <= len(to_victim) <= settings.HEARD_MAIL_DAILY
    assert addresses.filter(status=Status.HELD).count() >= 20
    assert statistics.addressee_statistics(addressee=addressee)["totals"]["received"] == 0


def test_the_sender_confirms_by_the_link_and_only_the_post_registers(client):
    addressee = factories.addressee()
    mail.outbox.clear()
    sent = client.post(reverse("addresses:create"), send_form(addressee), follow=True)
    assert "Check your e-mail" in sent.content.decode()
    assert 'id="tracking-code"' not in sent.content.decode()
    address = Address.objects.get()
    assert address.status == Status.UNCONFIRMED and address.answer_due_at is None

    link = confirm_link()
    client.get(link)  # a mail scanner fetching the link
    address.refresh_from_db()
    assert address.status == Status.UNCONFIRMED

    page = client.post(link, follow=True)
    address.refresh_from_db()
    assert address.registered_at is not None and address.answer_due_at is not None
    assert address.number in page.content.decode()
    registered = mail.outbox[-1]
    assert address.number in registered.subject
    assert "Tracking code" in registered.body

    client.post(link)  # pressed again: nothing changes, no second mail
    assert len(mail.outbox) == 2


def test_a_forged_confirmation_link_is_not_found(client):
    addressee = factories.addressee()
    client.post(reverse("addresses:create"), send_form(addressee))
    address = Address.objects.get()
    url = reverse("addresses:confirm", kwargs={"number": address.number, "token": "x" * 32})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    address.refresh_from_db()
    assert address.status == Status.UNCONFIRMED


def test_guessing_confirmation_links_is_limited_like_the_other_applicant_links(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"applicant": {"ip": [(2, 600)]}}
    addressee = factories.addressee()
    client.post(reverse("addresses:create"), send_form(addressee))
    address = Address.objects.get()
    guesses = [
        reverse("addresses:confirm", kwargs={"number": address.number, "token": f"{n}" * 32})
        for n in range(3)
    ]

    assert [client.post(url).status_code for url in guesses] == [404, 404, 429]
    address.refresh_from_db()
    assert address.status == Status.UNCONFIRMED


def test_without_an_email_the_address_is_registered_at_once(client):
    addressee = factories.addressee()
    client.post(reverse("addresses:create"), send_form(addressee, email=""))
    assert Address.objects.get().status == Status.REGISTERED


def test_unconfirmed_for_a_day_it_is_held_for_the_office_within_the_term(client, move_time):
    addressee = factories.addressee()
    client.post(reverse("addresses:create"), send_form(addressee))
    address = Address.objects.get()

    move_time(timedelta(hours=25))
    assert services.addresses_hold_unconfirmed() == 1

    address.refresh_from_db()
    assert address.status == Status.HELD and address.held_reason == "unconfirmed"
    assert address.registration_due_at > address.held_at
    assert [e.verb for e in audit_events_for(subject=address)][-1] == "held"


def test_the_office_registers_a_held_address_and_the_sender_gets_the_number(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"address": {"ip": [(0, 60)]}}
    addressee = factories.addressee()
    mail.outbox.clear()
    client.post(reverse("addresses:create"), send_form(addressee))
    address = Address.objects.get()
    assert address.status == Status.HELD and address.held_reason == "ip"
    assert address.ip_digest and mail.outbox == []
    responder = factories.responder(addressee)
    client.force_login(responder)

    page = client.get(reverse("addresses:held", kwargs={"slug": addressee.slug}))
    assert address.number in page.content.decode()
    assert "many from one connection" in page.content.decode()
    response = client.post(
        reverse("addresses:held", kwargs={"slug": addressee.slug}),
        {"action": "release", "address": [address.pk]},
    )

    assert response.status_code == 302
    address.refresh_from_db()
    assert address.registered_at is not None and address.ip_digest == ""
    assert address.number in mail.outbox[-1].subject
    assert "released" in [e.verb for e in audit_events_for(subject=address)]


def test_setting_aside_needs_a_reason_and_keeps_the_address(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"address": {"ip": [(0, 60)]}}
    addressee = factories.addressee()
    client.post(reverse("addresses:create"), send_form(addressee))
    address = Address.objects.get()
    client.force_login(factories.responder(addressee))
    url = reverse("addresses:held", kwargs={"slug": addressee.slug})

    refused = client.post(url, {"action": "set_aside", "address": [address.pk]})
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    client.post(url, {"action": "set_aside", "address": [address.pk], "reason": "flood"})

    address.refresh_from_db()
    assert address.status == Status.SET_ASIDE and address.set_aside_reason == "flood"
    with pytest.raises(TransitionNotAllowed):
        services.address_release(address=address, actor=factories.responder(addressee))


def test_only_the_addressees_office_sees_and_decides_held_addresses(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"address": {"ip": [(0, 60)]}}
    addressee = factories.addressee()
    client.post(reverse("addresses:create"), send_form(addressee, text="Secret text of Olga"))
    address = Address.objects.get()
    url = reverse("addresses:held", kwargs={"slug": addressee.slug})
    other = factories.responder(factories.addressee())

    anonymous = client.get(url)
    client.force_login(other)
    foreign = client.get(url)
    foreign_post = client.post(url, {"action": "release", "address": [address.pk]})

    assert anonymous.status_code == 302
    assert foreign.status_code == 404 and foreign_post.status_code == 404
    assert "Secret text" not in foreign.content.decode()
    with pytest.raises(PermissionDenied):
        services.address_release(address=address, actor=other)
    address.refresh_from_db()
    assert address.status == Status.HELD


def test_held_and_unconfirmed_addresses_are_not_in_open_data(client, settings):
    addressee = factories.addressee()
    client.post(reverse("addresses:create"), send_form(addressee))  # unconfirmed
    client.post(reverse("addresses:create"), send_form(addressee, email=""))  # registered
    registered = Address.objects.get(status=Status.REGISTERED)

    listed = client.get("/open311/v2/requests.json").json()

    assert [row["service_request_id"] for row in listed] == [registered.number]
    [row] = [r for r in statistics.platform_statistics() if r["addressee__slug"] == addressee.slug]
    assert row["received"] == 1


def test_tracking_lookups_over_the_limit_get_a_429_page(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"track": {"ip": [(2, 60)]}}
    form = {"number": "X-1", "code": "nope"}
    statuses = [client.post(reverse("addresses:track"), form).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    page = client.post(reverse("addresses:track"), form)
    assert "Too many attempts" in page.content.decode()
    assert int(page["Retry-After"]) >= 1


def test_organisation_sign_up_over_the_limit_gets_a_429_page(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"organisation": {"ip": [(1, 600)]}}
    url = reverse("addresses:organisation_register")
    assert client.post(url, {"name": ""}).status_code == 400
    assert client.post(url, {"name": ""}).status_code == 429
