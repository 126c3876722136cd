"""After an answer the applicant says what it did; when it is late or empty they are told their
next step and can send a prefilled complaint, registered as a new address linked to the first."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from heard.addresses import services, statistics
from heard.addresses.models import Address, AddressPolicy
from tests.addresses import factories as make
from tests.addresses.factories import freeze, moment

pytestmark = pytest.mark.django_db


def link_in(message, kind: str) -> str:
    found = re.search(rf"https?://\S+/addresses/{kind}/\S+", message.body).group(0)
    return "/" + found.split("/", 3)[3]


def answered_address(monkeypatch, day=None):
    freeze(monkeypatch, day or moment(2026, 10, 1))
    address, responder = make.assigned_address(language="en")
    services.address_answer(address=address, actor=responder, text="We looked.", office="O")
    address.refresh_from_db()
    return address


def test_the_answer_mail_links_to_a_verdict_and_no_real_answer_opens_the_complaint(
    monkeypatch, client
):
    mail.outbox.clear()
    address = answered_address(monkeypatch)
    answer_mail = mail.outbox[-1]
    verdict_url = link_in(answer_mail, "verdict")

    page = client.get(verdict_url)
    assert "No real answer" in page.content.decode() or "no real answer" in page.content.decode()
    response = client.post(verdict_url, {"verdict": "no_real_answer"}, follow=True)
    assert "your verdict is recorded" in response.content.decode()

    address.refresh_from_db()
    assert address.verdict == "no_real_answer"
    notice = mail.outbox[-1]
    assert "next steps" in notice.subject
    assert "prosecutor" in notice.body
    complaint_url = link_in(notice, "complaint")
    form = client.get(complaint_url).content.decode()
    assert address.number in form and "does not address my question" in form

    sent = client.post(
        complaint_url,
        {"addressee": address.addressee.pk, "text": "My complaint about the empty answer."},
    )
    assert sent.status_code == 302
    complaint = Address.objects.get(complaint_of=address)
    assert complaint.kind == Address.Kind.COMPLAINT and complaint.email == address.email
    assert complaint.registered_at is not None  # the link proved the mailbox


def test_a_forged_verdict_or_complaint_link_is_not_found(monkeypatch, client):
    address = answered_address(monkeypatch)
    for name in ("verdict", "complaint"):
        url = reverse(f"addresses:{name}", kwargs={"number": address.number, "token": "x" * 32})
        assert client.get(url).status_code == 404
        assert client.post(url, {"verdict": "resolved"}).status_code == 404


def test_no_complaint_is_offered_for_an_answer_judged_helpful(monkeypatch, client):
    address = answered_address(monkeypatch)
    services.address_verdict(address=address, verdict="resolved")
    from heard.addresses.links import address_token

    url = reverse(
        "addresses:complaint",
        kwargs={"number": address.number, "token": address_token(address, "complaint")},
    )
    page = client.post(url, {"addressee": address.addressee.pk, "text": "x"})
    assert "A complaint is offered while" in page.content.decode()
    assert not Address.objects.filter(complaint_of=address).exists()


def test_reminders_after_three_and_ten_days_then_none(monkeypatch):
    answered_address(monkeypatch, moment(2026, 10, 1))
    mail.outbox.clear()

    freeze(monkeypatch, moment(2026, 10, 3))
    assert services.addresses_verdict_remind() == 0
    freeze(monkeypatch, moment(2026, 10, 4, 13))
    assert services.addresses_verdict_remind() == 1
    assert services.addresses_verdict_remind() == 0  # run twice: reminded once
    freeze(monkeypatch, moment(2026, 10, 11, 13))
    assert services.addresses_verdict_remind() == 1
    freeze(monkeypatch, moment(2026, 11, 30))
    assert services.addresses_verdict_remind() == 0
    assert len(mail.outbox) == 2
    assert "/addresses/verdict/" in mail.outbox[0].body


def test_an_overdue_address_tells_its_applicant_the_next_step_once(monkeypatch, client):
    freeze(monkeypatch, moment(2026, 10, 1))
    address, _responder = make.assigned_address(language="en")
    AddressPolicy.objects.filter(addressee=address.addressee).update(
        next_steps_ru="Write to the Ombudsman of Example Land.",
        next_steps_en="Write to the Ombudsman of Example Land.",
    )
    mail.outbox.clear()

    freeze(monkeypatch, moment(2026, 11, 2))
    assert services.addresses_overdue_notify() == 1
    assert services.addresses_overdue_notify() == 0

    [notice] = mail.outbox
    address.refresh_from_db()
    assert "overdue" in notice.subject
    assert "Ombudsman of Example Land" in notice.body  # the addressee's own next steps
    complaint_url = link_in(notice, "complaint")
    form = client.get(complaint_url).content.decode()
    assert "have not received it" in form


def test_verdicts_count_in_the_statistics(monkeypatch, settings):
    settings.HEARD_STATS_MIN_COUNT = 2
    first = answered_address(monkeypatch)
    services.address_verdict(address=first, verdict="resolved")
    second, responder = make.assigned_address(to=first.addressee)
    services.address_answer(address=second, actor=responder, text="Hm.", office="O")
    second.refresh_from_db()
    services.address_verdict(address=second, verdict="not_resolved")

    totals = statistics.addressee_statistics(addressee=first.addressee)["totals"]

    assert totals["verdict_resolved"] == 1 and totals["verdict_not_resolved"] == 1
    assert totals["helped"].share == 0.5


def test_the_tracking_page_offers_the_verdict_and_the_complaint(monkeypatch, client):
    freeze(monkeypatch, moment(2026, 10, 1))
    address, code = make.address()
    freeze(monkeypatch, moment(2026, 11, 5))

    page = client.post(reverse("addresses:track"), {"number": address.number, "code": code})

    body = page.content.decode()
    assert "The answer is overdue." in body
    assert "/addresses/complaint/" in body
