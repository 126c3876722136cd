"""The whole signing journey in Debian's chromium: sign, open the e-mailed link, confirm, see the
count change. Skips where chromium is not installed (`apt-get install chromium`)."""

import re
from pathlib import Path

import pytest
from django.core import mail

from heard.appeals.models import Appeal
from tests import factories

# For people to look at after a run; never committed.
SCREENSHOT = Path("/tmp/heard-appeal.png")  # noqa: S108


def shown_count(page) -> int:
    return int(page.locator("#signature-count").get_attribute("data-count"))


@pytest.mark.django_db(transaction=True)
def test_sign_confirm_by_email_and_see_the_count_go_up(
    regions, live_server, browser_page, caches_off
):
    # Caches off: production's page copy may show the count of a second ago, and this test
    # opens the page again at once.
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


@pytest.mark.django_db(transaction=True)
def test_sign_from_the_pages_copies_then_switch_language(
    regions, live_server, browser_page, settings
):
    """As in production, where visitors' pages come from each process's copy (core/page_copies.py):
    the form posts with the visitor's own token; the language switch is a plain link."""
    settings.HEARD_PAGE_CACHE_SECONDS = 5
    appeal = factories.appeal_in(Appeal.Status.OPEN, title="Bring the reservists home")
    page = browser_page
    appeal_url = live_server.url + appeal.get_absolute_url()
    page.goto(appeal_url)  # the copy is taken
    page.context.clear_cookies()  # another visitor

    page.goto(appeal_url)  # served from the copy
    page.get_by_label("Name", exact=True).fill("Olga Copy")
    page.get_by_label("E-mail", exact=True).fill("olga.copy@example.org")
    page.get_by_label("Region", exact=True).select_option(label="Saint Petersburg")
    page.get_by_label(re.compile("processing of my personal data")).check()
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    # The language switch is a link to this page in Russian: no form, no token.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()

    page.get_by_role("heading", name="Проверьте электронную почту").wait_for()
    page.screenshot(path="/tmp/heard-check-email-ru.png", full_page=True)  # noqa: S108
    assert appeal.signatures.filter(**factories.by_email("olga.copy@example.org")).exists()


@pytest.mark.django_db(transaction=True)
def test_confirm_and_remove_from_the_link_pages_copy(regions, live_server, browser_page, settings):
    """As in production, where a signer's link page comes from a copy kept by what it shows
    (signatures/views.LINK_PAGES): the buttons post the signer's own link with their own token."""
    from heard.signatures import views

    settings.HEARD_PAGE_CACHE_SECONDS = 5
    views.LINK_PAGES.pages.clear()
    appeal = factories.appeal_in(Appeal.Status.OPEN, title="Light the underpass")
    first, second = (factories.sign(appeal, confirm=False) for _ in range(2))
    page = browser_page

    def link(signature) -> str:
        return f"{live_server.url}/signatures/{signature.pk}/{signature.token}/"

    page.goto(link(first))  # the copy is taken
    page.context.clear_cookies()  # another signer
    page.goto(link(second))  # served from the copy
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_role("heading", name=re.compile("your signature is confirmed")).wait_for()
    page.screenshot(path="/tmp/heard-link-confirmed.png", full_page=True)  # noqa: S108
    page.get_by_role("button", name="Remove my signature").click()
    page.get_by_role("heading", name="Your signature has been removed").wait_for()

    statuses = dict(appeal.signatures.filter(role="signer").values_list("pk", "status"))
    assert statuses == {first.pk: "pending", second.pk: "removed"}
    views.LINK_PAGES.pages.clear()
