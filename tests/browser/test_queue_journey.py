"""A responder works the queue in Debian's chromium: filters it, opens an address by keyboard,
answers it from the office's template; then acts on every address matching a filter, across
pages, after a confirmation that counts them. Skips where chromium is not installed."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from heard.addresses import services
from heard.addresses.models import Address, AnswerTemplate
from tests.addresses import factories as make

SCREENSHOTS = Path("/tmp")  # noqa: S108 - for people to look at after a run


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill("pw-for-tests-only")
    page.locator("main button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_a_responder_filters_opens_by_keyboard_and_answers_from_a_template(
    live_server, regions, browser_page
):
    page = browser_page
    asked, responder = make.assigned_address(text="Where is unit 12345 now? My son serves there.")
    roads, _code = make.address(to=asked.addressee, text="The road to the village is broken.")
    AnswerTemplate.objects.create(
        addressee=asked.addressee, title="Unit whereabouts", text="Units are not named by law."
    )
    log_in(page, live_server, responder)

    page.goto(f"{live_server.url}/staff/addresses/{asked.addressee.slug}/")
    page.get_by_label("Text or number").fill("unit 12345")
    page.get_by_label("Show", exact=True).select_option("all")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_text("1 address", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=asked.number)).to_be_visible()
    expect(page.get_by_role("link", name=roads.number)).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "heard-queue.png"), full_page=True)

    # The keyboard: "/" goes to the search, Escape leaves it, j points at the first row, o opens.
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.wait_for_url(f"**/staff/addresses/item/{asked.pk}/")
    expect(page.get_by_role("heading", name=f"Address {asked.number}")).to_be_visible()

    page.get_by_role("link", name="Unit whereabouts").click()
    answer = page.get_by_role("textbox", name="Answer", exact=True)
    expect(answer).to_have_value("Units are not named by law.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Units are not named by law.")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "heard-queue-answered.png"), full_page=True)
    asked.refresh_from_db()
    assert asked.status == Address.Status.ANSWERED


@pytest.mark.django_db(transaction=True)
def test_every_address_matching_the_filter_across_pages_after_counted_confirmation(
    live_server, regions, browser_page
):
    page = browser_page
    first, responder = make.assigned_address(text="Unit 12345: when do they come home?")
    here = first.addressee
    matching = [first]
    for number in range(54):
        email = "" if number < 5 else f"mother{number}@example.org"
        copy, _code = make.address(to=here, text=f"Unit 12345, question {number}", email=email)
        matching.append(copy)
    roads, _code = make.address(to=here, text="The road to the village is broken.")
    AnswerTemplate.objects.create(addressee=here, title="Terms", text="Service ends by decree.")
    log_in(page, live_server, responder)

    page.goto(f"{live_server.url}/staff/addresses/{here.slug}/?q=unit+12345")
    expect(page.get_by_text("55 addresses", exact=True)).to_be_visible()
    page.get_by_label("Choose all on this page").check()
    expect(page.get_by_text("All 50 addresses on this page are chosen.")).to_be_visible()
    page.get_by_role("button", name="Choose all 55 addresses matching this filter").click()
    assert page.get_by_label("all 55 addresses matching this filter, on every page").is_checked()
    page.get_by_role("combobox", name="With the chosen").select_option("answer")
    page.get_by_role("combobox", name="Answer template").select_option(label="Terms")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("55 addresses will change.")).to_be_visible()
    expect(page.get_by_text("50 e-mails go out to the applicants.")).to_be_visible()
    assert not Address.objects.filter(status=Address.Status.ANSWERED).exists()
    page.screenshot(path=str(SCREENSHOTS / "heard-queue-confirm.png"), full_page=True)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("55 addresses changed.")).to_be_visible()
    answered = set(
        Address.objects.filter(status=Address.Status.ANSWERED).values_list("pk", flat=True)
    )
    assert answered == {address.pk for address in matching}
    roads.refresh_from_db()
    assert roads.status != Address.Status.ANSWERED


@pytest.mark.django_db(transaction=True)
def test_a_responder_filters_by_state_and_merges_the_copies_keeping_an_own_question_open(
    live_server, regions, browser_page
):
    page = browser_page
    campaign = (
        "Dear President, we ask you to bring the mobilised men home and to limit their service "
        "to one year. The families have waited long enough for them."
    )
    primary, responder = make.assigned_address(text=campaign)
    here = primary.addressee
    copies = [make.address(to=here, text=campaign)[0] for _number in range(2)]
    own, _code = make.address(
        to=here, text=campaign + " My husband has served in unit 12345 since autumn 2022, "
        "please tell me when he comes home?"
    )
    done, _code = make.address(to=here, text="The road to the village is broken.")
    services.address_answer(address=done, actor=responder, text="Repaired.", office="Office")
    log_in(page, live_server, responder)

    page.goto(f"{live_server.url}/staff/addresses/{here.slug}/")
    page.get_by_text("Filter and sort").click()
    page.get_by_label("State (optional)").select_option("answered")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("link", name=done.number)).to_be_visible()
    expect(page.get_by_role("link", name=primary.number)).to_have_count(0)

    page.get_by_label("State (optional)").select_option("")
    page.get_by_label("Text or number").fill("mobilised")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_text("4 addresses", exact=True)).to_be_visible()
    page.get_by_label("Choose all on this page").check()
    page.get_by_role("combobox", name="With the chosen").select_option("merge")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("2 addresses will change.")).to_be_visible()
    expect(page.get_by_text("2 e-mails go out to the applicants.")).to_be_visible()
    expect(page.get_by_text("1 address stays open: it asks something of its own.")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "heard-queue-merge.png"), full_page=True)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("2 addresses changed.")).to_be_visible()
    merged = set(Address.objects.filter(merged_into=primary).values_list("pk", flat=True))
    assert merged == {copy.pk for copy in copies}
    own.refresh_from_db()
    assert own.status in Address.IN_PROGRESS
