"""An applicant whose address goes overdue is told the next step, sends the prefilled complaint,
and, once answered, gives a verdict on the answer, in Debian's chromium."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from heard.addresses import services
from heard.addresses.models import Address
from tests.addresses import factories as make
from tests.addresses.factories import freeze, moment

SCREENSHOT = Path("/tmp/heard-verdict.png")  # noqa: S108 - for people to look at after a run


def path_in(message, kind: str) -> str:
    link = re.search(rf"https?://\S+/addresses/{kind}/\S+", message.body).group(0)
    return "/" + link.split("/", 3)[3]


@pytest.mark.django_db(transaction=True)
def test_overdue_notice_complaint_and_verdict(live_server, regions, browser_page, monkeypatch):
    page = browser_page
    freeze(monkeypatch, moment(2026, 10, 1))
    address, responder = make.assigned_address(language="en")
    mail.outbox.clear()

    freeze(monkeypatch, moment(2026, 11, 5))  # due 31 October: overdue
    assert services.addresses_overdue_notify() == 1
    [notice] = mail.outbox
    assert "next steps" in notice.subject

    page.goto(live_server.url + path_in(notice, "complaint"))
    expect(page.get_by_role(
        "heading", name=f"Complaint about address {address.number}"
    )).to_be_visible()
    assert "have not received it" in page.get_by_label("Complaint").input_value()
    page.get_by_role("button", name="Send the complaint").click()
    complaint = Address.objects.get(complaint_of=address)
    assert page.locator("#address-number").inner_text() == complaint.number

    services.address_answer(
        address=address, actor=responder, text="Sorry: 5 days late.", office="O"
    )
    page.goto(live_server.url + path_in(mail.outbox[-1], "verdict"))
    expect(page.get_by_text("Sorry: 5 days late.")).to_be_visible()
    page.get_by_label("explained: I got a clear answer").check()
    page.get_by_role("button", name="Record my verdict").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    address.refresh_from_db()
    assert address.verdict == "explained"
