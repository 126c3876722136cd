import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.offices.models import Region
from heard.signatures.models import Signature
from tests import factories
from tests.addresses.factories import freeze
from tests.html import controls_without_labels, dangling_descriptions

pytestmark = pytest.mark.django_db

Status = Appeal.Status


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def open_appeal():
    return factories.appeal_in(
        Status.OPEN,
        to=factories.addressee(name="Ministry of Bridges", response_threshold=100),
        title="Repair the bridge",
        text="The bridge **must** be repaired.",
    )


def create_form_data(**overrides) -> dict:
    values = {
        "addressee": factories.addressee().pk,
        "title": "Bring them home",
        "demands": "- Demobilise the reservists\n- Limit service to one year\n",
        "text": "We ask.",
        "group_name": "Families",
        "video_url": "",
        "telegram_url": "",
        "document_url": "",
        "initiator_name": "Anna",
        "initiator_email": "anna@example.org",
        "region": factories.region().pk,
        "consent_processing": "on",
    }
    return values | overrides


# Public pages


def test_home_shows_open_appeals_and_list_counts(client, open_appeal):
    response = client.get(reverse("appeals:home"))

    assert response.status_code == 200
    assert "Repair the bridge" in page(response)
    assert "Open (1)" in page(response)


@pytest.mark.parametrize(
    "state", ["open", "awaiting_response", "responded", "overdue", "closed", "rejected", "all"]
)
def test_every_list_renders(client, open_appeal, state):
    response = client.get(reverse("appeals:list"), {"state": state})

    assert response.status_code == 200
    assert ("Repair the bridge" in page(response)) is (state in ("open", "all"))


def test_an_overdue_appeal_is_shown_as_overdue_in_the_lists(client, move_time):
    appeal = factories.appeal_past_response_threshold()
    move_time(timedelta(days=appeal.addressee.response_days + 1))

    overdue = page(client.get(reverse("appeals:list"), {"state": "overdue"}))
    open_list = page(client.get(reverse("appeals:list"), {"state": "open"}))

    assert appeal.title in overdue
    assert "response overdue since" in overdue and "response overdue since" in open_list
    assert "response due " not in open_list


@pytest.mark.parametrize(
    "query",
    [
        {"state": "bogus"},
        {"page": "x"},
        {"page": "99999"},
        {"addressee": "nobody"},
    ],
)
def test_lists_survive_odd_queries(client, open_appeal, query):
    assert client.get(reverse("appeals:list"), query).status_code == 200


def test_list_search_and_addressee_filter(client, open_appeal):
    other = factories.appeal_in(Status.OPEN, title="Plant trees")
    url = reverse("appeals:list")

    found = page(client.get(url, {"q": "bridge"}))
    filtered = page(client.get(url, {"addressee": other.addressee.slug}))

    assert "Repair the bridge" in found and "Plant trees" not in found
    assert "Plant trees" in filtered and "Repair the bridge" not in filtered


def test_detail_shows_count_progress_regions_and_consenting_names_only(client, open_appeal):
    factories.sign(open_appeal, name="Visible Vera", show_name=True)
    factories.sign(open_appeal, name="Private Petr", show_name=False)
    factories.sign(open_appeal, name="Pending Pavel", show_name=True, confirm=False)
    factories.sign(open_appeal, region=factories.region("SPE"))
    open_appeal.refresh_from_db()

    html = page(client.get(open_appeal.get_absolute_url()))

    assert f'data-count="{open_appeal.signature_count}"' in html
    assert open_appeal.signature_count == 6  # initiator, 2 sponsors, 3 confirmed signers
    assert 'id="progress-response" max="100" value="6"' in html
    assert "Moscow" in html and "Saint Petersburg" in html
    assert "Visible Vera" in html
    assert "Private Petr" not in html and "Pending Pavel" not in html
    assert "Initiator" not in html  # the initiator's name was never consented to
    assert "<strong>must</strong>" in html


def test_detail_shows_response_and_history(client):
    appeal = factories.appeal_past_response_threshold()
    services.appeal_respond(
        appeal=appeal,
        responder=factories.responder(appeal.addressee),
        text="We *will* consider it.",
        responded_on=date(2024, 5, 1),
        office="Press office",
    )

    html = page(client.get(appeal.get_absolute_url()))

    assert "Official response" in html
    assert "<em>will</em>" in html and "Press office" in html
    for event in (
        "Published and open for signing",
        "Response threshold reached: sent to the addressee, who owes a response",
        "Official response published",
    ):
        assert f"— {event}</li>" in " ".join(html.split())


@pytest.mark.parametrize("status", [Status.DRAFT, Status.AWAITING_MODERATION, Status.WITHDRAWN])
def test_unpublished_appeals_are_not_found(client, status):
    appeal = factories.appeal_in(status)

    assert client.get(appeal.get_absolute_url()).status_code == 404


def test_unknown_appeal_is_not_found(client):
    assert client.get(f"/appeals/{10**20}/").status_code == 404


# Starting an appeal


def test_valid_appeal_form_says_check_your_email_and_sends_the_link(client):
    response = client.post(reverse("signatures:start"), create_form_data(), follow=True)

    assert response.status_code == 200
    assert "Check your e-mail" in page(response)
    appeal = Appeal.objects.get()
    assert appeal.status == Status.DRAFT
    assert appeal.demands == ["Demobilise the reservists", "Limit service to one year"]
    creator = appeal.signatures.get()
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert reverse("signatures:confirm", kwargs={"pk": creator.pk, "token": creator.token}) in (
        message.body
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 151}, "title", "at most 150 characters"),
        ({"text": "x" * 20_001}, "text", "at most 20000 characters"),
        ({"demands": "  \n - \n"}, "demands", "Write at least one demand."),
        ({"demands": "\n".join(f"d{n}" for n in range(11))}, "demands", "at most 10 demands"),
        ({"demands": "x" * 301}, "demands", "at most 300 characters"),
        ({"initiator_email": "not-an-email"}, "initiator_email", "valid email address"),
        ({"region": "999999"}, "region", "Choose a region from the list."),
        ({"region": "abc"}, "region", "Choose a region from the list."),
        ({"addressee": "0"}, "addressee", "Choose an addressee from the list."),
        ({"video_url": "javascript:alert(1)"}, "video_url", "Enter a valid URL."),
        ({"consent_processing": ""}, "consent_processing", "without this consent"),
    ],
)
def test_invalid_appeal_form_explains_and_stores_nothing(client, overrides, field, message):
    response = client.post(reverse("signatures:start"), create_form_data(**overrides))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in page(response).replace("&#x27;", "'")
    assert not Appeal.objects.exists() and not Signature.objects.exists()
    assert mail.outbox == []


def test_empty_appeal_form_post_lists_every_missing_field(client):
    response = client.post(reverse("signatures:start"), {})

    assert response.status_code == 400
    assert "Please correct the errors below." in page(response)
    assert "title" in response.context["form"].errors
    assert not Appeal.objects.exists()


def test_inactive_region_is_refused(client):
    Region.objects.filter(code="MOW").update(active=False)

    response = client.post(reverse("signatures:start"), create_form_data())

    assert response.status_code == 400
    assert not Appeal.objects.exists()


# Sponsors and the initiator's page


def test_sponsor_page_with_the_right_token_takes_a_sponsor(client):
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)
    url = reverse("signatures:sponsor", kwargs={"pk": appeal.pk, "token": appeal.sponsor_token})
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "name": "Sam",
            "email": "sam@example.org",
            "region": factories.region().pk,
            "consent_processing": "on",
        },
    )

    assert response.status_code == 302
    sponsor = appeal.signatures.get(
        role=Signature.Role.SPONSOR, **factories.by_email("sam@example.org")
    )
    # The fraud rules see sponsors too: the salted hash of their IP address is kept.
    assert sponsor.ip_digest and "127.0.0.1" not in sponsor.ip_digest


@pytest.mark.parametrize("token", ["forged", "x" * 200])
def test_sponsor_page_with_a_bad_token_is_not_found(client, token):
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)

    url = reverse("signatures:sponsor", kwargs={"pk": appeal.pk, "token": token})
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404


def test_sponsor_page_of_a_published_appeal_is_not_found(client, open_appeal):
    url = reverse(
        "signatures:sponsor", kwargs={"pk": open_appeal.pk, "token": open_appeal.sponsor_token}
    )
    assert client.get(url).status_code == 404


def test_initiator_withdraws_from_the_manage_page(client):
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)
    url = reverse("appeals:manage", kwargs={"pk": appeal.pk, "token": appeal.manage_token})
    assert "Withdraw the appeal" in page(client.get(url))

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert Appeal.objects.get(pk=appeal.pk).status == Status.WITHDRAWN
    assert "Withdraw the appeal" not in page(response)


def test_manage_page_with_a_bad_token_is_not_found(client):
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)

    url = reverse("appeals:manage", kwargs={"pk": appeal.pk, "token": "forged"})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Appeal.objects.get(pk=appeal.pk).status == Status.GATHERING_SPONSORS


def test_withdrawing_a_published_appeal_explains_why_not(client, open_appeal):
    url = reverse(
        "appeals:manage", kwargs={"pk": open_appeal.pk, "token": open_appeal.manage_token}
    )

    response = client.post(url)

    assert response.status_code == 409
    assert "cannot be withdrawn" in page(response)
    assert Appeal.objects.get(pk=open_appeal.pk).status == Status.OPEN


# Language and accessibility


def test_switching_to_russian_serves_the_russian_pages(client, open_appeal):
    response = client.post(
        reverse("set_language"), {"language": "ru", "next": open_appeal.get_absolute_url()}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/ru/appeals/{open_appeal.pk}/"
    russian = client.get(response["Location"])
    assert russian.status_code == 200
    assert '<html lang="ru">' in page(russian)
    assert "Repair the bridge" in page(russian)
    assert client.get("/ru/").status_code == 200


def test_every_form_control_has_a_label_and_valid_descriptions(client, open_appeal):
    gathering = factories.appeal_in(Status.GATHERING_SPONSORS)
    urls = [
        reverse("appeals:home"),
        reverse("appeals:list"),
        reverse("signatures:start"),
        open_appeal.get_absolute_url(),
        reverse(
            "signatures:sponsor", kwargs={"pk": gathering.pk, "token": gathering.sponsor_token}
        ),
    ]
    for url in urls:
        html = page(client.get(url))
        assert controls_without_labels(html) == [], url
        assert dangling_descriptions(html) == [], url
    invalid = page(client.post(reverse("signatures:start"), create_form_data(title="")))
    assert controls_without_labels(invalid) == []
    assert dangling_descriptions(invalid) == []


def test_the_stylesheet_the_pages_link_is_found():
    from django.contrib.staticfiles import finders

    assert finders.find("heard/heard.css") is not None


def test_new_appeals_over_the_limit_are_kept_with_the_initiators_link_held(client, settings):
    from heard.signatures.models import Signature

    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"appeal": {"ip": [(1, 600)]}}
    mail.outbox.clear()
    first = client.post(reverse("signatures:start"), create_form_data(), follow=True)
    second = client.post(reverse("signatures:start"), create_form_data(title="Second"), follow=True)

    assert first.redirect_chain == second.redirect_chain  # the initiator sees the same page
    assert len(mail.outbox) == 1
    held = Signature.objects.get(appeal__title="Second", role=Signature.Role.CREATOR)
    assert held.status == Signature.Status.HELD


def test_an_overdue_response_reads_as_words_in_the_public_history(client, monkeypatch):
    appeal = factories.appeal_past_response_threshold()
    freeze(monkeypatch, appeal.response_due_at + timedelta(days=1))
    assert services.appeals_overdue_notify() == 1

    html = page(client.get(appeal.get_absolute_url()))

    history = re.search(r'<ol class="history">(.*?)</ol>', html, re.S).group(1)
    assert "The addressee&#x27;s response is overdue" in history
    assert "response_overdue" not in history
    russian = page(client.get(f"/ru/appeals/{appeal.pk}/"))
    history = re.search(r'<ol class="history">(.*?)</ol>', russian, re.S).group(1)
    assert "Срок ответа адресата истёк" in history
    assert "Порог для ответа достигнут: обращение направлено адресату" in history
