"""A moderator registers an appeal made on Telegram in a real browser, at a desktop's and a
phone's width, and a visitor sees where it came from; axe checks every page on the way.
Screenshots go to /tmp/heard-a11y/elsewhere-*.png."""

import json

import pytest
from playwright.sync_api import expect

from heard.appeals import services
from heard.appeals.models import Appeal
from tests import factories
from tests import telegram_export as tg
from tests.browser.test_accessibility import (  # noqa: F401 - browser_context is a fixture
    SCREENSHOTS,
    browser_context,
    serious_violations,
    staff_cookie,
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_a_moderator_registers_a_telegram_appeal_and_a_visitor_sees_its_provenance(
    live_server, regions, browser_context, tmp_path, width  # noqa: F811
):
    factories.addressee(name="The President", slug="president")
    moderator = factories.moderator()
    export = tg.write(tg.channel_export(), tmp_path)
    page = browser_context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    browser_context.add_cookies([staff_cookie(live_server, moderator)])
    SCREENSHOTS.mkdir(exist_ok=True)
    problems, report = {}, {}

    def check(name: str) -> None:
        assert page.locator("main h1").count() >= 1, f"{name} did not render: {page.url}"
        problems[name] = serious_violations(page, report, f"{name} {width}")
        page.screenshot(path=str(SCREENSHOTS / f"elsewhere-{name}-{width}.png"), full_page=True)

    page.goto(f"{live_server.url}/staff/elsewhere/telegram/")
    check("upload")
    page.locator("input[name=export]").set_input_files(str(export))
    page.locator("input[name=username]").fill("put_domoy")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check("posts")
    page.locator("label[for=post-2]").click()
    page.locator("label[for=post-3]").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check("preview")
    page.locator("select[name=addressee]").select_option("president")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert "/staff/moderation/" in page.url
    check("moderation")

    appeal = services.appeal_publish(appeal=Appeal.objects.get(), moderator=moderator)
    browser_context.clear_cookies()
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    check("appeal")
    expect(page.get_by_text("Published on Telegram on 7 December 2023")).to_have_count(1)
    assert page.locator('a[href="https://t.me/put_domoy/2"]').count() >= 1

    (SCREENSHOTS / f"axe-elsewhere-{width}.json").write_text(json.dumps(report, indent=1))
    assert {name: found for name, found in problems.items() if found} == {}
