"""The tile-grid map of counts by region: a tile for every region, figures on hover and focus,
a table beside it, and nothing the Content-Security-Policy would block."""

import csv
import re

import pytest
from django.urls import reverse
from django.utils import translation

from heard.addresses import services as address_services
from heard.appeals.models import Appeal
from heard.core import regionmap
from heard.offices.models import Region
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


def tiles_in(html: str, ident: str) -> list[str]:
    svg = re.search(rf'<svg[^>]* id="{ident}".*?</svg>', html, re.S).group(0)
    return re.findall(r'<(?:a|g) class="tile step-\d"', svg)


def test_every_region_has_exactly_one_tile_of_its_own():
    layout = regionmap.tiles()
    codes = {row["code"] for row in csv.DictReader(regionmap.TILES_FILE.open(encoding="utf-8"))}

    assert codes == set(Region.objects.values_list("code", flat=True))
    assert len(layout) == 89
    assert len({(tile.column, tile.row) for tile in layout}) == 89
    assert len({tile.label_ru for tile in layout}) == 89


def test_an_appeal_page_maps_its_signatures_with_a_tile_per_region_and_a_table(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    factories.sign(appeal, region=factories.region("SPE"))
    factories.sign(appeal, region=factories.region("KAM"))

    html = client.get(appeal.get_absolute_url()).content.decode()

    assert len(tiles_in(html, "appeal-regions")) == 89
    # Saint Petersburg: a link to its row, named with its count and share, for hover and focus.
    link = re.search(r'<a class="tile step-\d" href="#appeal-regions-SPE" aria-label="([^"]+)">'
                     r"<title>([^<]+)</title>", html)
    # Its name is the tile's visible label, then the caption (the title).
    assert link and link.group(1) == "SPE " + link.group(2)
    assert link.group(2).startswith("Saint Petersburg: 1, ") and link.group(2).endswith("%")
    assert 'class="tile-info"' in html  # the caption the CSS shows on :hover and :focus
    # Regions without signatures are tiles too, but not tab stops.
    assert '<g class="tile step-0"><title>Chukotka Autonomous Okrug: none</title>' in html
    row = re.search(r'<tr id="appeal-regions-SPE"><th scope="row">Saint Petersburg</th>'
                    r'<td class="num">1</td><td class="num">([^<]+)</td></tr>', html)
    assert row and row.group(1).endswith("%")


def test_the_map_keeps_to_the_content_security_policy(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    response = client.get(appeal.get_absolute_url())
    svg = re.search(r"<svg.*?</svg>", response.content.decode(), re.S).group(0)

    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    assert " on" not in re.sub(r"<text[^>]*>[^<]*</text>|<title>[^<]*</title>", "", svg)


def test_the_largest_share_is_darkest_and_the_steps_follow_the_share():
    counts = [("MOW", "Moscow", 90), ("SPE", "St P", 10), ("KAM", "K", 0)]
    figures = regionmap.region_figures(counts)

    svg = regionmap.region_map_svg(ident="m", title="t", figures=figures)

    assert [figure.code for figure in figures] == ["MOW", "SPE"]  # no tile of its own for none
    assert 'class="tile step-5" href="#m-MOW"' in svg
    assert 'class="tile step-1" href="#m-SPE"' in svg
    assert "up to 90.0%" in svg  # the legend's top step is the largest share


def test_the_russian_map_names_tiles_in_russian():
    figures = regionmap.region_figures([("SPE", "Санкт-Петербург", 3)])

    with translation.override("ru"):
        russian = regionmap.region_map_svg(ident="m", title="t", figures=figures)
    with translation.override("en"):
        english = regionmap.region_map_svg(ident="m", title="t", figures=figures)

    assert ">СПБ</text>" in russian and "Санкт-Петербург: 3, 100,0%" in russian
    assert ">SPE</text>" in english and "Москва: " not in english


def test_the_statistics_pages_map_addresses_by_region(client):
    addressee = factories.addressee()
    make.address(to=addressee, region=factories.region("NVS"))
    make.address(to=addressee)  # no region: counted in the totals, not on the map

    for url in (
        reverse("addresses:statistics"),
        reverse("addresses:statistics_addressee", args=[addressee.slug]),
    ):
        html = client.get(url).content.decode()
        assert len(tiles_in(html, "address-regions")) == 89, url
        assert 'href="#address-regions-NVS" aria-label="NVS Novosibirsk Oblast: 1, 100.0%"' in html
        assert '<tr id="address-regions-NVS">' in html


def test_the_campaign_page_maps_addresses_by_region(client, monkeypatch):
    addressee = factories.addressee()
    make.freeze(monkeypatch, make.moment(2026, 12, 1))
    campaign = address_services.campaign_open(
        addressee=addressee,
        actor=factories.responder(addressee),
        slug="dl",
        title="DL",
        starts_at=make.moment(2026, 11, 30),
        ends_at=make.moment(2026, 12, 19),
        channels=["web"],
    )
    make.address(to=addressee, region=factories.region("PRI"))

    html = client.get(reverse("addresses:campaign", args=[campaign.slug])).content.decode()

    assert len(tiles_in(html, "campaign-regions")) == 89
    assert 'href="#campaign-regions-PRI" aria-label="PRI Primorsky Krai: 1, 100.0%"' in html
