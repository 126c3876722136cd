import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from heard.addresses import services
from heard.addresses.models import Address
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


def send_form(target, **overrides) -> dict:
    return {
        "addressee": target.pk,
        "kind": "question",
        "text": "When will the mobilised come home?",
        "applicant_name": "Olga",
        "email": "olga@example.org",
        "consent_processing": "on",
    } | overrides


def test_sending_without_an_email_shows_the_number_and_code_once(client):
    addressee = factories.addressee()
    response = client.post(reverse("addresses:create"), send_form(addressee, email=""))
    assert response.status_code == 302
    page = client.get(response["Location"])
    address = Address.objects.get()
    assert address.number in page.content.decode()
    assert 'id="tracking-code"' in page.content.decode()
    again = client.get(reverse("addresses:sent"))
    assert again.status_code == 302  # the code is not shown a second time


@pytest.mark.parametrize(
    "overrides",
    [
        {"text": " "},
        {"consent_processing": ""},
        {"email": "x"},
        {"addressee": "999"},
        {"text": "y" * 20_001},
        {"kind": "poem"},
    ],
)
def test_bad_form_input_is_explained_and_stores_nothing(client, overrides):
    addressee = factories.addressee()
    response = client.post(reverse("addresses:create"), send_form(addressee, **overrides))
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Address.objects.exists()


def test_following_by_number_and_code(client):
    address, code = make.address()
    response = client.post(reverse("addresses:track"), {"number": address.number, "code": code})
    assert response.status_code == 200
    assert address.get_status_display() in response.content.decode()
    assert address.email not in response.content.decode()
    wrong = client.post(reverse("addresses:track"), {"number": address.number, "code": "X"})
    assert wrong.status_code == 404


def test_rating_and_returning_from_the_status_page(client):
    address, responder = make.assigned_address()
    item, code = make.address(to=address.addressee)
    services.address_answer(address=item, actor=responder, text="Answer.", office="O")
    url = reverse("addresses:track")
    base = {"number": item.number, "code": code}
    assert client.post(url, base | {"action": "rate", "rating": "5"}).status_code == 200
    assert client.post(url, base | {"action": "rate", "rating": "9"}).status_code == 400
    assert client.post(url, base | {"action": "return", "reason": ""}).status_code == 400
    assert client.post(url, base | {"action": "return", "reason": "Why?"}).status_code == 200
    item.refresh_from_db()
    assert item.rating == 5 and item.status == Address.Status.RETURNED


def test_statistics_pages_render_charts_without_personal_data(client):
    address, responder = make.assigned_address()
    services.address_answer(address=address, actor=responder, text="Yes.", office="O")
    index = client.get(reverse("addresses:statistics"))
    page = client.get(reverse("addresses:statistics_addressee", args=[address.addressee.slug]))
    assert index.status_code == page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and address.email not in body and address.applicant_name not in body


def test_campaign_page_counts_by_channel(client, monkeypatch):
    addressee = factories.addressee()
    make.freeze(monkeypatch, make.moment(2026, 12, 1))
    campaign = services.campaign_open(
        addressee=addressee,
        actor=factories.responder(addressee),
        slug="dl",
        title="DL",
        starts_at=make.moment(2026, 11, 30),
        ends_at=make.moment(2026, 12, 19),
        channels=["web"],
    )
    make.address(to=addressee)
    response = client.get(reverse("addresses:campaign", args=[campaign.slug]))
    assert response.status_code == 200 and "web form" in response.content.decode()
    assert client.get(reverse("addresses:campaign", args=["nope"])).status_code == 404


def test_queue_and_actions_per_role(client):
    address, responder = make.assigned_address()
    queue = reverse("addresses:queue", args=[address.addressee.slug])
    detail = reverse("addresses:staff_detail", args=[address.pk])
    client.force_login(factories.moderator())
    assert client.get(queue).status_code == 403
    assert client.get(detail).status_code == 403
    client.force_login(factories.responder(factories.addressee()))
    assert client.get(queue).status_code == 404
    assert client.get(detail).status_code == 404
    client.force_login(responder)
    page = client.get(queue + "?queue=all")
    assert page.status_code == 200 and address.number in page.content.decode()
    assert client.get(detail).status_code == 200
    act = reverse("addresses:staff_act", args=[address.pk, "extend"])
    assert client.post(act, {"extend-days": "40", "extend-reason": "x"}).status_code == 409
    assert client.post(act, {"extend-days": "", "extend-reason": ""}).status_code == 400
    assert client.post(act, {"extend-days": "10", "extend-reason": "x"}).status_code == 302
    answer = reverse("addresses:staff_act", args=[address.pk, "answer"])
    assert client.post(answer, {"answer-text": "Yes", "answer-office": "O"}).status_code == 302
    address.refresh_from_db()
    assert address.status == Address.Status.ANSWERED
    unknown = reverse("addresses:staff_act", args=[address.pk, "explode"])
    assert client.post(unknown).status_code == 404


def test_merge_and_leave_from_the_staff_page(client):
    primary, responder = make.assigned_address()
    copy, _ = make.address(to=primary.addressee)
    client.force_login(responder)
    merge = reverse("addresses:staff_act", args=[copy.pk, "merge"])
    assert client.post(merge, {"merge-primary": "NOPE"}).status_code == 409
    assert client.post(merge, {"merge-primary": primary.number}).status_code == 302
    leave = reverse("addresses:staff_act", args=[primary.pk, "leave"])
    assert client.post(leave, {"leave-ground": "no_contact"}).status_code == 409
    assert client.post(leave, {"leave-ground": "obscene"}).status_code == 302


def test_staff_entry_of_a_posted_letter(client):
    addressee = factories.addressee()
    client.force_login(factories.responder(addressee))
    url = reverse("addresses:enter", args=[addressee.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "channel": "post",
            "received_at": "2026-01-10T10:00",
            "kind": "complaint",
            "text": "A letter.",
            "applicant_name": "",
            "email": "",
        },
    )
    assert response.status_code == 302  # POST/redirect/GET
    receipt = client.get(response["Location"])
    assert Address.objects.get().number in receipt.content.decode()
    assert client.get(response["Location"]).status_code == 302  # a reload shows no code again
    assert Address.objects.count() == 1 and Address.objects.get().channel == "post"
    client.force_login(factories.moderator())
    assert client.get(url).status_code == 403


def _log_in_as_organisation(client, email: str) -> None:
    client.post(
        reverse("addresses:organisation_login"),
        {"username": email, "password": "a-long-password-for-tests"},
    )


def test_organisation_registers_is_verified_and_submits(client, mailoutbox):
    response = client.post(
        reverse("addresses:organisation_register"),
        {
            "name": "Widows' help",
            "description": "We help.",
            "email": "w@example.org",
            "password": "a-long-password-for-tests",
        },
    )
    assert response.status_code == 200
    from heard.addresses.models import Organisation

    organisation = Organisation.objects.get()
    link = re.search(r"https?://\S+/activate/\S+", mailoutbox[-1].body).group(0)
    client.post(urlsplit(link).path)
    _log_in_as_organisation(client, "w@example.org")
    submit = reverse("addresses:organisation_submit", args=[organisation.slug])
    assert client.get(submit).status_code == 403
    admin = factories.user(role="administrator")
    client.force_login(admin)
    verify = reverse("addresses:organisation_verify", args=[organisation.pk])
    assert client.post(verify).status_code == 302
    _log_in_as_organisation(client, "w@example.org")
    data = {
        "addressee": factories.addressee().pk,
        "kind": "request",
        "text": "For a member.",
        "applicant_name": "Member",
        "email": "m@example.org",
    }
    assert client.post(submit, data).status_code == 400  # no consent recorded
    sent = client.post(submit, data | {"member_consent": "on"})
    assert sent.status_code == 302  # POST/redirect/GET: a reload cannot send it twice
    receipt = client.get(sent["Location"]).content.decode()
    assert Address.objects.get().number in receipt and "Back to the organisation" in receipt
    cases = client.get(reverse("addresses:organisation_cases", args=[organisation.slug]))
    assert Address.objects.get().number in cases.content.decode()
    client.force_login(factories.user())
    assert (
        client.get(reverse("addresses:organisation_cases", args=[organisation.slug])).status_code
        == 403
    )


def test_after_forwarding_away_the_office_returns_to_its_queues(client):
    address, responder = make.assigned_address()
    other = factories.addressee()
    client.force_login(responder)
    forward = reverse("addresses:staff_act", args=[address.pk, "forward"])
    response = client.post(forward, {"forward-to_addressee": other.pk})
    assert response.status_code == 302 and response["Location"].endswith("/staff/addresses/")
    address.refresh_from_db()
    assert address.addressee == other and address.forwarded_from is not None


def test_a_queue_row_shows_the_text_applicant_received_date_and_days_left_or_late(
    client, monkeypatch
):
    from tests.addresses.factories import freeze, moment

    freeze(monkeypatch, moment(2026, 10, 1))
    late, responder = make.assigned_address(text="My son has not come home since 2022")
    make.address(to=late.addressee, applicant_name="", email="")
    freeze(monkeypatch, moment(2026, 10, 28))
    make.address(to=late.addressee)  # due 27 November
    freeze(monkeypatch, moment(2026, 11, 3))
    client.force_login(responder)

    page = client.get(reverse("addresses:queue", args=[late.addressee.slug]) + "?queue=all")

    body = page.content.decode()
    assert "My son has not come home since 2022" in body
    assert "anonymous" in body and "named" in body
    assert "3 days overdue" in body  # the first two were due on 31 October
    assert "24 days left" in body
    assert "1 October" in body


def test_the_queue_filters_by_text_applicant_and_channel_and_sorts(client):
    address, responder = make.assigned_address(text="Where is unit 12345 now?")
    other, _code = make.address(to=address.addressee, applicant_name="", email="", text="Roads.")
    queue = reverse("addresses:queue", args=[address.addressee.slug])
    client.force_login(responder)

    by_text = client.get(queue, {"q": "unit 12345"}).content.decode()
    anonymous = client.get(queue, {"applicant": "anonymous"}).content.decode()
    by_phone = client.get(queue, {"channel": "phone"}).content.decode()
    newest_first = client.get(queue, {"sort": "-received"}).content.decode()

    assert address.number in by_text and other.number not in by_text
    assert other.number in anonymous and address.number not in anonymous
    assert address.number not in by_phone and "0 addresses" in by_phone
    assert newest_first.index(other.number) < newest_first.index(address.number)


def test_a_responder_answers_from_the_offices_template_and_edits_it(client):
    from heard.addresses.models import AnswerTemplate

    address, responder = make.assigned_address()
    mine = AnswerTemplate.objects.create(
        addressee=address.addressee, title="Mobilisation terms", text="Service ends by decree."
    )
    AnswerTemplate.objects.create(
        addressee=make.factories.addressee(), title="Someone else's", text="Not ours."
    )
    client.force_login(responder)
    detail = reverse("addresses:staff_detail", args=[address.pk])

    page = client.get(detail).content.decode()
    filled = client.get(detail, {"template": mine.pk}).content.decode()

    assert "Mobilisation terms" in page and "Someone else" not in page
    assert "Service ends by decree." in filled


def test_bulk_answer_from_a_template_says_how_many_change_and_are_mailed_first(client):
    from django.core import mail

    from heard.addresses.models import AnswerTemplate

    first, responder = make.assigned_address()
    second, _code = make.address(to=first.addressee, applicant_name="", email="")
    template = AnswerTemplate.objects.create(
        addressee=first.addressee, title="Terms", text="Service ends by decree."
    )
    client.force_login(responder)
    bulk = reverse("addresses:queue_bulk", args=[first.addressee.slug])
    data = {"address": [first.pk, second.pk], "action": "answer", "template": template.pk}
    mail.outbox.clear()

    asked = client.post(bulk, data)

    body = asked.content.decode()
    assert "2 addresses will change." in body and "1 e-mail goes out" in body
    assert not Address.objects.filter(status=Address.Status.ANSWERED).exists()
    done = client.post(bulk, data | {"confirm": "yes"}, follow=True)
    assert "2 addresses changed." in done.content.decode()
    assert Address.objects.filter(status=Address.Status.ANSWERED).count() == 2
    assert len([m for m in mail.outbox if first.email in m.to]) == 1


def test_bulk_action_needs_its_choice_and_another_office_cannot_use_it(client):
    first, responder = make.assigned_address()
    bulk = reverse("addresses:queue_bulk", args=[first.addressee.slug])
    client.force_login(responder)
    missing = client.post(bulk, {"address": [first.pk], "action": "assign"})
    assert missing.status_code == 400
    client.force_login(make.factories.responder(make.factories.addressee()))
    foreign = client.post(
        bulk, {"address": [first.pk], "action": "leave", "ground": "unreadable", "confirm": "yes"}
    )
    assert foreign.status_code == 404
    first.refresh_from_db()
    assert first.status != Address.Status.LEFT_WITHOUT_ANSWER


def test_the_address_page_lists_the_same_applicants_other_addresses(client):
    first, responder = make.assigned_address(email="olga@example.org", text="First question")
    second, _code = make.address(to=first.addressee, email="olga@example.org", text="Second one")
    stranger, _code = make.address(to=first.addressee, email="ivan@example.org")
    client.force_login(responder)

    page = client.get(reverse("addresses:staff_detail", args=[first.pk])).content.decode()

    assert second.number in page and stranger.number not in page


def test_on_postgresql_the_queue_search_matches_word_forms_in_russian_and_english(client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches by substring")
    russian, responder = make.assigned_address(text="Когда вернут мобилизованных мужей?")
    english, _code = make.address(to=russian.addressee, text="My husbands were mobilised.")
    queue = reverse("addresses:queue", args=[russian.addressee.slug])
    client.force_login(responder)

    by_russian = client.get(queue, {"q": "мобилизованные"}).content.decode()
    by_english = client.get(queue, {"q": "husband"}).content.decode()

    assert russian.number in by_russian and english.number not in by_russian
    assert english.number in by_english and russian.number not in by_english


def test_the_queue_pages_by_keyset_and_every_address_appears_once(client, settings):
    from urllib.parse import quote

    from heard.addresses import keyset

    first, responder = make.assigned_address()
    for _ in range(6):
        make.address(to=first.addressee)
    client.force_login(responder)
    queue = reverse("addresses:queue", args=[first.addressee.slug])
    original = keyset.PAGE_SIZE
    seen, url = [], queue + "?sort=received"
    pages = 0
    try:
        keyset.keyset_page.__defaults__ = (3,)
        while url and pages < 10:
            pages += 1
            page = client.get(url)
            rows = page.context["page"].object_list
            seen += [row.number for row in rows]
            cursor = page.context["page"].next_cursor
            url = f"{queue}?sort=received&after={quote(cursor)}" if cursor else ""
    finally:
        keyset.keyset_page.__defaults__ = (original,)
    assert len(seen) == 7 and len(set(seen)) == 7


ADDRESS_VERBS = [
    "received", "registered", "assigned", "forwarded", "answered", "left_without_answer",
    "returned", "rated", "kept_open", "overdue_notified", "held", "confirmed", "released",
    "set_aside", "attachment_added", "attachment_scanned", "attachments_erased",
]


def test_every_step_of_the_history_reads_as_words_not_as_the_audit_verb(client):
    from heard.core.audit import audit_record

    address, responder = make.assigned_address()
    for verb in ADDRESS_VERBS:
        audit_record(subject=address, verb=verb, data={"primary": "DL-1", "addressee": "X"})
    client.force_login(responder)
    with translation.override("ru"):
        detail = reverse("addresses:staff_detail", args=[address.pk])

    page = client.get(detail).content.decode()
    history = re.search(r'<ol class="history">(.*?)</ol>', page, re.S).group(1)
    steps = re.findall(r"</time> — (.*?)</li>", history, re.S)

    assert len(steps) >= len(ADDRESS_VERBS)
    # In Russian no step may show a word of Latin letters: an untranslated label or a raw verb.
    assert [step for step in steps if re.search(r"[a-z]{3,}", step)] == []
    assert any("срок ответа истёк" in step for step in steps)
