"""A responder merges a mass campaign in Debian's chromium and sees the copies with questions of
their own left open. Skips where chromium is not installed (`apt-get install chromium`)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from heard.addresses.models import Address
from heard.triage.models import AddressTriage
from tests.triage.db import builders
from tests.triage.db.test_own_text import QUESTION, STORY, TEMPLATE

SCREENSHOT = Path("/tmp/heard-campaign-merge.png")  # noqa: S108 - for people to look at after
GROUP_SCREENSHOT = Path("/tmp/heard-campaign-group.png")  # noqa: S108
NARROW_SCREENSHOT = Path("/tmp/heard-campaign-group-390.png")  # noqa: S108


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


@pytest.mark.django_db(transaction=True)
def test_merge_a_campaign_and_see_the_copies_with_questions_left_open(
    live_server, regions, browser_page, settings
):
    settings.HEARD_TRIAGE_ENCODER = False
    page = browser_page
    world = builders.world(mass_copies=2, per_topic=2)
    bare = [builders.receive(world.addressee, TEMPLATE) for _ in range(3)]
    storied = builders.receive(world.addressee, STORY + TEMPLATE)
    asking = [builders.receive(world.addressee, TEMPLATE + " " + QUESTION),
              builders.receive(world.addressee, "Where is my son Pavel, unit 54321? " + TEMPLATE)]
    builders.run(world.campaign)
    group = AddressTriage.objects.get(address=bare[0]).group
    _log_in(page, live_server, world.responder)

    page.goto(f"{live_server.url}/staff/triage/{world.campaign.slug}/mass/?min_size=2")
    row = page.get_by_role("row").filter(has_text=group.primary.number)
    row.get_by_role("button", name="Merge the group").click()
    # The confirmation says how many are merged and how many stay open, before anything changes.
    expect(page.get_by_text("3 addresses will be merged into")).to_be_visible()
    expect(page.get_by_text("2 copies ask questions of their own: they stay open")).to_be_visible()
    page.get_by_role("button", name="Merge 3 addresses").click()
    expect(page.get_by_text("3 addresses merged into their primary.")).to_be_visible()
    expect(page.get_by_text("2 copies with questions of their own stay open.")).to_be_visible()

    page.get_by_role("row").filter(has_text=group.primary.number).get_by_role(
        "link", name="Copies and their own text").click()
    members = page.get_by_role("row")
    # Those with a question of their own come first, with their own words beside the template.
    assert asking[0].number in members.nth(1).inner_text()
    assert "unit 12345" in members.nth(1).inner_text()
    assert "left open by the merge" in members.nth(1).inner_text()
    assert asking[1].number in members.nth(2).inner_text()
    page.screenshot(path=str(GROUP_SCREENSHOT), full_page=True)
    page.get_by_role("link", name=asking[1].number).click()
    expect(page.get_by_role("heading", name=f"Address {asking[1].number}")).to_be_visible()
    expect(page.get_by_text(
        f"Copy of group {group.pk}, with a question of its own.")).to_be_visible()
    expect(page.get_by_text("Where is my son Pavel, unit 54321?").first).to_be_visible()
    expect(page.get_by_text("left open when its group was merged into")).to_be_visible()
    # Still open for consideration: its own actions are there.
    expect(page.get_by_text("Assign to a department")).to_be_visible()
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    for address in asking:
        address.refresh_from_db()
        assert address.status in Address.IN_PROGRESS
    storied.refresh_from_db()
    assert storied.status == Address.Status.MERGED

    # On a 390 px phone the lists stack: each row is read down the screen, nothing scrolls
    # sideways, and every fact keeps its column's name.
    page.set_viewport_size({"width": 390, "height": 900})
    slug = world.campaign.slug
    for path, label in ((f"/staff/triage/{slug}/mass/?min_size=2", "Size"),
                        (f"/staff/triage/{slug}/mass/{group.pk}/", "Received"),
                        (f"/staff/triage/{slug}/suggestions/", "Current department")):
        page.goto(live_server.url + path)
        table = page.locator("table.stacked")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
        assert table.evaluate("t => t.getBoundingClientRect().right <= 390")
        assert table.locator("tbody tr").count() >= 2
        fact = table.locator(f'td[data-label="{label}"]').first
        assert fact.evaluate("td => getComputedStyle(td, '::before').content") == f'"{label}: "'
        if label == "Received":
            page.screenshot(path=str(NARROW_SCREENSHOT), full_page=True)
