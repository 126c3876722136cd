import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from PIL import Image

from heard.appeals.models import Appeal
from heard.appeals.sharing import material_count
from tests import factories

pytestmark = pytest.mark.django_db

Status = Appeal.Status
SITE = "https://heard.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def open_appeal():
    return factories.appeal_in(
        Status.OPEN,
        to=factories.addressee(name="Министерство мостов", response_threshold=100),
        title="Вернуть резервистов домой",
    )


def meta(html: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return {name: unescape(content) for name, content in found}


def share_hrefs(html: str) -> dict[str, str]:
    found = re.findall(r'<a class="share-(\w+)" href="([^"]+)"', html)
    return {site: unescape(href) for site, href in found}


def test_appeal_page_has_open_graph_and_twitter_tags_with_absolute_urls(client, open_appeal):
    html = client.get(open_appeal.get_absolute_url()).content.decode()
    tags = meta(html)

    assert tags["og:title"] == "Вернуть резервистов домой"
    assert tags["og:url"] == SITE + open_appeal.get_absolute_url()
    assert tags["og:image"].startswith(SITE + reverse("appeals:card", args=[open_appeal.pk]))
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert "Министерство мостов" in tags["og:description"]
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")


def test_response_page_has_its_own_tags_and_the_answer(client, open_appeal):
    appeal = factories.appeal_past_response_threshold(title="Почините мост")
    from heard.appeals import services

    services.appeal_respond(
        appeal=appeal,
        responder=factories.responder(appeal.addressee),
        text="Мост **починят** к лету.",
        responded_on=appeal.opened_at.date(),
        office="Приёмная",
    )
    response = client.get(reverse("appeals:response", args=[appeal.pk]))
    tags = meta(response.content.decode())

    assert response.status_code == 200
    assert tags["og:url"] == SITE + reverse("appeals:response", args=[appeal.pk])
    assert "Почините мост" in tags["og:title"]
    assert "Мост починят к лету." in tags["og:description"]
    assert tags["og:image"].startswith(SITE)


def test_response_page_of_an_unanswered_appeal_is_not_found(client, open_appeal):
    assert client.get(reverse("appeals:response", args=[open_appeal.pk])).status_code == 404


def test_card_is_a_1200_by_630_png_kept_public(client, open_appeal):
    response = client.get(reverse("appeals:card", args=[open_appeal.pk]))

    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_the_card_url_in_the_tags_is_kept_for_a_week(client, open_appeal):
    tags = meta(client.get(open_appeal.get_absolute_url()).content.decode())
    response = client.get(tags["og:image"].removeprefix(SITE))

    assert response.status_code == 200
    assert "max-age=604800" in response["Cache-Control"]


def test_card_changes_and_gets_a_new_url_when_the_count_changes(client, open_appeal, caches_off):
    # The page copies production keeps for a second would show the count of before the write.
    count = open_appeal.signature_count
    before_tags = meta(client.get(open_appeal.get_absolute_url()).content.decode())
    before = client.get(reverse("appeals:card", args=[open_appeal.pk])).content

    factories.sign(open_appeal)
    open_appeal.refresh_from_db()
    after_tags = meta(client.get(open_appeal.get_absolute_url()).content.decode())
    after = client.get(reverse("appeals:card", args=[open_appeal.pk])).content

    assert open_appeal.signature_count == count + 1
    assert after != before
    assert after_tags["og:image"] != before_tags["og:image"]


def test_card_of_a_hidden_appeal_is_not_found(client):
    draft = factories.appeal_in(Status.GATHERING_SPONSORS)
    assert client.get(reverse("appeals:card", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (999, 999), (1000, 1000), (12_345, 12_300), (987_654, 987_000)]
)
def test_the_card_redraws_only_for_a_material_change(count, shown):
    assert material_count(count) == shown


def test_share_links_are_plain_links_to_each_site_with_the_encoded_url(client, open_appeal):
    html = client.get(open_appeal.get_absolute_url()).content.decode()
    links = share_hrefs(html)
    url = SITE + open_appeal.get_absolute_url()

    assert set(links) == {"telegram", "vk", "whatsapp", "email"}
    hosts = {site: urlsplit(href).netloc for site, href in links.items()}
    assert hosts == {"telegram": "t.me", "vk": "vk.com", "whatsapp": "wa.me", "email": ""}
    assert parse_qs(urlsplit(links["telegram"]).query)["url"] == [url]
    assert parse_qs(urlsplit(links["vk"]).query)["url"] == [url]
    assert url in parse_qs(urlsplit(links["whatsapp"]).query)["text"][0]
    assert links["email"].startswith("mailto:?")
    assert "+" not in links["email"]  # spaces as %20 in a mailto: link
    assert url in parse_qs(urlsplit(links["email"]).query)["body"][0]
    assert f'value="{url}" readonly' in html


def test_the_page_loads_no_script_or_image_from_another_site(client, open_appeal):
    html = client.get(open_appeal.get_absolute_url()).content.decode()

    assert not re.search(r'<(script|img|iframe)[^>]+src="https?://', html)
    assert not re.search(r'<link rel="stylesheet" href="https?://', html)
    assert '<script src="/static/heard/copy-link.js" defer>' in html
    assert (
        "script-src 'self'" in client.get(open_appeal.get_absolute_url())["Content-Security-Policy"]
    )


def test_confirmed_signer_sees_share_links(client, open_appeal):
    signature = factories.sign(open_appeal)
    html = client.get(
        reverse("signatures:confirm", args=[signature.pk, signature.token])
    ).content.decode()

    assert set(share_hrefs(html)) == {"telegram", "vk", "whatsapp", "email"}


def test_unconfirmed_signer_sees_no_share_links_yet(client, open_appeal):
    signature = factories.sign(open_appeal, confirm=False)
    html = client.get(
        reverse("signatures:confirm", args=[signature.pk, signature.token])
    ).content.decode()

    assert share_hrefs(html) == {}


def test_no_signer_data_in_tags_links_or_card(client, open_appeal):
    factories.sign(open_appeal, name="Иван Тайный", email="ivan.secret@example.org")
    factories.sign(open_appeal, name="Мария Открытая", email="maria@example.org", show_name=True)
    html = client.get(open_appeal.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    shared = " ".join(share_hrefs(html).values())

    for secret in ("Иван", "ivan.secret", "Мария", "maria@"):
        assert secret not in head
        assert secret not in shared
    # The consenting signer is named in the page's own list, and only there.
    assert "Мария Открытая" in html.split("</head>")[1]


@pytest.mark.parametrize(
    "title",
    ["Я" * 140, "Вернуть мобилизованных домой и установить предельный срок службы " * 3],
)
def test_a_long_title_is_cut_with_an_ellipsis_within_the_card(title):
    from PIL import ImageDraw

    from heard.appeals import cards

    draw = ImageDraw.Draw(Image.new("RGB", (cards.WIDTH, cards.HEIGHT)))
    font = cards.card_font(True, 48)
    width = cards.WIDTH - 2 * cards.MARGIN

    lines = cards._wrap(draw, title, font, width, 3)

    assert len(lines) <= 3
    assert all(draw.textlength(line, font=font) <= width for line in lines)
    assert lines[-1].endswith("…")
