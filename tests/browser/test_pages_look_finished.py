"""In Debian's chromium, in English and Russian: the header is one line at 1280 px and folds
without overflowing at 390 px; the map's figures show on keyboard focus, with no CSP violation.
Screenshots for people to look at are written to /tmp (never committed)."""

from pathlib import Path

import pytest
from django.test import Client

from heard.appeals.models import Appeal
from tests import factories

SHOTS = Path("/tmp")  # noqa: S108


def line_height(page) -> float:
    return page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('header.site nav a')).lineHeight)"
    )


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_the_header_is_one_line_at_1280_and_folds_at_390(regions, live_server, browser_page,
                                                        prefix):
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    # The longest header: a logged-in staff user has one more section.
    staff = Client()
    staff.force_login(factories.moderator())
    page.context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{prefix}/")

    assert page.locator("header.site nav a", has_text="Staff").count() + page.locator(
        "header.site nav a", has_text="Кабинет"
    ).count() == 1
    nav, brand = box(page, "header.site nav ul"), box(page, "header.site .brand")
    language = box(page, "header.site .language ul")
    # One line: the sections, the brand and the language switch share one row, one link high.
    assert nav["height"] < 1.5 * line_height(page)
    assert abs((nav["y"] + nav["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 6
    assert abs(language["y"] - nav["y"]) < 6
    page.screenshot(path=str(SHOTS / f"heard-header-1280{prefix.replace('/', '-')}.png"))

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}{prefix}/")
    brand, nav = box(page, "header.site .brand"), box(page, "header.site nav ul")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert nav["y"] > brand["y"] + brand["height"] - 1  # the sections fold under the brand
    assert box(page, "header.site")["height"] < 200
    page.screenshot(path=str(SHOTS / f"heard-header-390{prefix.replace('/', '-')}.png"))
    assert not [text for text in console if "Content Security Policy" in text], console


@pytest.mark.django_db(transaction=True)
def test_a_regions_figures_show_on_keyboard_focus_under_the_csp(regions, live_server,
                                                                browser_page):
    appeal = factories.appeal_in(Appeal.Status.OPEN, title="Bring them home")
    factories.sign(appeal, region=factories.region("SPE"))
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(live_server.url + appeal.get_absolute_url())
    tile = page.locator('a.tile[href="#appeal-regions-SPE"]')
    caption = tile.locator(".tile-info")
    hint = page.locator("svg.region-map .map-hint")

    assert page.locator("svg.region-map .tile").count() == 89
    assert caption.evaluate("element => getComputedStyle(element).visibility") == "hidden"
    tile.focus()
    assert caption.evaluate("element => getComputedStyle(element).visibility") == "visible"
    assert hint.evaluate("element => getComputedStyle(element).visibility") == "hidden"
    assert caption.text_content().startswith("Saint Petersburg: 1, ")
    # A tile is a link to its region's row of the table.
    page.keyboard.press("Enter")
    assert page.url.endswith("#appeal-regions-SPE")
    page.locator("section.regions").screenshot(path=str(SHOTS / "heard-map-1280.png"))
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(live_server.url + appeal.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("section.regions").screenshot(path=str(SHOTS / "heard-map-390.png"))
    assert not [text for text in console if "Content Security Policy" in text], console
