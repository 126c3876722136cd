"""Sending an address and following it by its number, in Debian's chromium. Skips where
chromium is not installed (`apt-get install chromium`)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from heard.addresses import services
from heard.addresses.models import Address
from tests import factories
from tests.addresses import factories as make

SCREENSHOT = Path("/tmp/heard-address.png")  # noqa: S108 - for people to look at after a run


@pytest.mark.django_db(transaction=True)
def test_send_an_address_and_follow_it_by_number(live_server, regions, browser_page):
    page = browser_page
    addressee = factories.addressee(name="President of the Russian Federation", slug="president")
    topic = make.category(addressee, "mobilisation")
    make.route(addressee, make.department(addressee, "military"), category=topic)

    page.goto(f"{live_server.url}/addresses/new/")
    page.get_by_label("Addressee").select_option(label=addressee.name)
    page.get_by_label("Kind of address").select_option("question")
    page.get_by_label("Category").select_option(label=f"{addressee.name}: {topic.name_en}")
    page.get_by_label("Text").fill("When will the mobilised come home?")
    # A first try without consent is refused with a clear message and stores nothing.
    page.get_by_role("button", name="Send the address").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert not Address.objects.exists()

    page.get_by_label("Your name").fill("Olga")
    page.get_by_label("E-mail for the reply").fill("olga@example.org")
    page.get_by_label("I agree to the processing").check()
    page.get_by_role("button", name="Send the address").click()
    # The address waits for its sender to confirm the e-mail is theirs.
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    link = re.search(r"https?://\S+/addresses/confirm/\S+", mail.outbox[0].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    page.get_by_role("button", name="Register my address").click()
    number = page.locator("#address-number").inner_text()
    registered = mail.outbox[-1]
    assert number in registered.subject
    code = re.search(r"Tracking code \(keep it private\): (\S+)", registered.body).group(1)

    address = Address.objects.get(number=number)
    services.address_answer(
        address=address,
        actor=factories.responder(addressee),
        text="The question is passed to the Ministry of Defence.",
        office="Presidential Administration",
    )

    page.goto(f"{live_server.url}/addresses/track/?number={number}")
    assert page.get_by_label("Registration number").input_value() == number
    page.get_by_label("Tracking code").fill(code)
    page.get_by_role("button", name="Show the state").click()
    expect(page.get_by_role("heading", name=f"Address {number}")).to_be_visible()
    expect(page.get_by_text("The question is passed to the Ministry of Defence.")).to_be_visible()
    page.get_by_label("4").check()
    page.get_by_role("button", name="Rate").click()
    expect(page.get_by_text("You rated it 4 of 5")).to_be_visible()
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    address.refresh_from_db()
    assert address.rating == 4
