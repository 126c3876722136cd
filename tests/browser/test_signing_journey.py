"""The whole signing journey in Debian's chromium: sign, open the e-mailed link, confirm, see the
count change. Skips where chromium is not installed (`apt-get install chromium`)."""

import importlib
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail

from heard.appeals.models import Appeal
from tests import factories

# Playwright's sync API runs an event loop in this thread; the ORM calls here are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# For people to look at after a run; never committed.
SCREENSHOT = Path("/tmp/heard-appeal.png")  # noqa: S108

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture
def regions(transactional_db):
    """TransactionTestCase empties every table, including the regions the data migration put
    there; load them again the same way."""
    migration = importlib.import_module("heard.offices.migrations.0002_default_regions")
    migration.load_regions(apps, None)


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.set_default_timeout(10_000)
        yield page
        browser.close()


def shown_count(page) -> int:
    return int(page.locator("#signature-count").get_attribute("data-count"))


@pytest.mark.django_db(transaction=True)
def test_sign_confirm_by_email_and_see_the_count_go_up(regions, live_server, browser_page):
    appeal = factories.appeal_in(
        Appeal.Status.OPEN,
        to=factories.addressee(
            name="Ministry of Defence", response_threshold=100, consideration_threshold=1000
        ),
        title="Bring the reservists home",
        text="We, the **families** of the mobilised, ask for a fixed term of service.",
    )
    mail.outbox.clear()
    page = browser_page
    appeal_url = live_server.url + appeal.get_absolute_url()

    page.goto(appeal_url)
    before = shown_count(page)
    page.get_by_label("Name", exact=True).fill("Vera Browser")
    page.get_by_label("E-mail", exact=True).fill("vera.browser@example.org")
    page.get_by_label("Region", exact=True).select_option(label="Saint Petersburg")
    page.get_by_label(re.compile("processing of my personal data")).check()
    page.get_by_label(re.compile("Show my name publicly")).check()
    page.get_by_role("button", name="Sign", exact=True).click()

    page.get_by_role("heading", name="Check your e-mail").wait_for()
    [message] = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])

    confirm = page.get_by_role("button", name="Confirm my signature")
    confirm.wait_for()
    assert Appeal.objects.get(pk=appeal.pk).signature_count == before
    confirm.click()
    page.get_by_role("heading", name=re.compile("your signature is confirmed")).wait_for()

    page.goto(appeal_url)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert shown_count(page) == before + 1
    assert "Vera Browser" in page.content()
    assert "Saint Petersburg" in page.content()
