"""The Atom feeds: one appeal's history, an addressee's appeals, the followed lists."""

from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from heard.appeals import services
from heard.appeals.models import Appeal
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def answered(appeal: Appeal) -> Appeal:
    responder = factories.responder(appeal.addressee)
    services.appeal_respond(
        appeal=appeal,
        responder=responder,
        text="We will consider a limit on service.",
        responded_on=date.today(),
        office="Ministry",
    )
    appeal.refresh_from_db()
    return appeal


def test_an_appeals_feed_tells_its_history_from_start_to_response(client):
    appeal = answered(factories.appeal_past_response_threshold(title="Bring them home"))

    found = entries(client.get(reverse("appeals:appeal_feed", kwargs={"pk": appeal.pk})))

    titles = [entry["title"] for entry in found]
    assert titles == [
        "Bring them home: Official response published",
        "Bring them home: Response threshold reached: sent to the addressee, who owes a response",
        "Bring them home: Published and open for signing",
        "Bring them home: Appeal started",
    ]
    assert "We will consider a limit on service." in found[0]["summary"]
    assert len({entry["id"] for entry in found}) == 4
    assert all(entry["link"].endswith(appeal.get_absolute_url()) for entry in found)


def test_feeds_never_name_a_signer(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    factories.sign(appeal, name="Vera Secretname", email="vera@example.org", show_name=True)
    factories.appeal_past_response_threshold(to=appeal.addressee)
    appeal.refresh_from_db()

    for url in (
        reverse("appeals:appeal_feed", kwargs={"pk": appeal.pk}),
        reverse("appeals:addressee_feed", kwargs={"slug": appeal.addressee.slug}),
        reverse("appeals:list_feed", kwargs={"listing": "awaiting_response"}),
    ):
        body = client.get(url).content.decode()
        assert "Secretname" not in body and "vera@" not in body


def test_feeds_may_be_kept_by_any_cache(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = reverse("appeals:appeal_feed", kwargs={"pk": appeal.pk})

    response = client.get(url)

    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_addressee_feed_lists_only_that_addressees_public_appeals(client):
    patient = factories.addressee(response_threshold=100, consideration_threshold=200)
    ours = factories.appeal_in(Appeal.Status.OPEN, to=patient, title="Ours")
    factories.appeal_in(Appeal.Status.OPEN, title="Another addressee's")
    factories.draft_appeal(to=ours.addressee, title="A draft nobody sees")

    found = entries(
        client.get(reverse("appeals:addressee_feed", kwargs={"slug": ours.addressee.slug}))
    )

    assert [entry["title"] for entry in found] == ["Ours: Published and open for signing"]


def test_a_list_feed_has_the_appeals_that_entered_the_list_and_are_still_in_it(client):
    waiting = factories.appeal_past_response_threshold(title="Waiting")
    done = answered(factories.appeal_past_response_threshold(title="Done"))

    awaiting = entries(
        client.get(reverse("appeals:list_feed", kwargs={"listing": "awaiting_response"}))
    )
    responded = entries(client.get(reverse("appeals:list_feed", kwargs={"listing": "responded"})))
    new = entries(client.get(reverse("appeals:list_feed", kwargs={"listing": "new"})))
    narrowed = entries(
        client.get(
            reverse("appeals:list_feed", kwargs={"listing": "new"}),
            {"addressee": waiting.addressee.slug},
        )
    )

    assert [entry["title"].split(":")[0] for entry in awaiting] == ["Waiting"]
    assert [entry["title"].split(":")[0] for entry in responded] == ["Done"]
    assert sorted(entry["title"].split(":")[0] for entry in new) == ["Done", "Waiting"]
    assert [entry["title"].split(":")[0] for entry in narrowed] == ["Waiting"]
    assert done.responded_at is not None


def test_unknown_feeds_are_not_found(client):
    draft = factories.draft_appeal()
    assert client.get(reverse("appeals:appeal_feed", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("appeals:list_feed", kwargs={"listing": "closed"})).status_code == 404
    assert (
        client.get(reverse("appeals:addressee_feed", kwargs={"slug": "nobody"})).status_code == 404
    )
    assert (
        client.get(
            reverse("appeals:list_feed", kwargs={"listing": "new"}), {"addressee": "nobody"}
        ).status_code
        == 404
    )


def test_pages_announce_their_feeds_in_the_head_and_link_them(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    feed = reverse("appeals:appeal_feed", kwargs={"pk": appeal.pk})

    page = client.get(appeal.get_absolute_url()).content.decode()
    head = page.split("</head>")[0]

    assert '<link rel="alternate" type="application/atom+xml"' in head and feed in head
    assert f'href="{feed}"' in page.split("<body>")[1]
    assert f"/follow/?appeal={appeal.pk}" in page

    listing = client.get(
        reverse("appeals:list"), {"state": "overdue", "addressee": appeal.addressee.slug}
    ).content.decode()
    list_head = listing.split("</head>")[0]
    assert "/appeals/feeds/list/overdue.atom?addressee=" in list_head
    assert f"/appeals/feeds/to/{appeal.addressee.slug}.atom" in list_head
    assert f"/follow/?addressee={appeal.addressee.slug}" in listing
