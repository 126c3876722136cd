"""axe-core over the main pages, in Russian and English, at a desktop's and a phone's width:
a serious or critical violation fails. axe is vendored (tests/browser/vendor/axe-core, with its
licence and version); nothing is downloaded. Screenshots go to /tmp/heard-a11y/ for people to
look at. Skips where chromium is not installed (`apt-get install chromium`)."""

import json
from pathlib import Path

import pytest
from django.test import Client

from heard.appeals.models import Appeal
from heard.identity.config import Provider
from heard.offices.models import AddressIdentity, SigningIdentity
from tests import factories
from tests.addresses import factories as make
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path("/tmp/heard-a11y")  # noqa: S108 - for people to look at after a run
WIDTHS = (1280, 390)
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def browser_context():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        # The pages allow no inline script (CSP); the test's own axe is let in.
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        yield context
        browser.close()


def serious_violations(page, report: dict, where: str) -> list[str]:
    """Runs axe on the page; every finding goes into `report`, the serious ones are returned."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    assert result["passes"], "axe checked nothing"
    report[where] = [(item["id"], item["impact"]) for item in result["violations"]]
    found = []
    for violation in result["violations"]:
        if violation["impact"] in FAILING_IMPACTS:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def staff_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_main_pages_have_no_serious_accessibility_violations(
    live_server, regions, browser_context, language, settings
):
    to = factories.addressee(name="Министерство обороны", slug="mod", response_threshold=3)
    appeal = factories.appeal_past_response_threshold(to=to, title="Вернуть мобилизованных домой")
    Appeal.objects.filter(pk=appeal.pk).update(signature_count=14266)
    _queued, responder = make.assigned_address(to=to, text="Когда вернётся мой муж?")
    tracked, tracking_code = make.address(to=to, text="Где служит мой сын?")
    draft = factories.appeal_in(Appeal.Status.AWAITING_MODERATION, to=to)
    # An addressee that asks for a verified identity (issue 17): its sign and address forms.
    settings.HEARD_OIDC_PROVIDERS = [
        Provider(slug="demo", name="Demo ID", issuer="http://127.0.0.1:9/o", client_id="heard")
    ]
    city = factories.addressee(
        name="Городская приёмная",
        slug="city",
        signing_identity=SigningIdentity.VERIFIED,
        address_identity=AddressIdentity.VERIFIED,
    )
    verified_appeal = factories.appeal_in(Appeal.Status.OPEN, to=city, title="Свет у школы")
    prefix = "" if language == "en" else f"/{language}"  # the tests' default language is English
    base = live_server.url + prefix
    pages = {
        "home": f"{base}/",
        "list": f"{base}/appeals/?q=мобилизованных&sort=newest",
        "appeal-and-sign-form": f"{base}/appeals/{appeal.pk}/",
        "start-appeal": f"{base}/appeals/new/",
        "address-form": f"{base}/addresses/new/",
        # The initiator's page, with its form to attach files and a video link.
        "appeal-manage": f"{base}/appeals/{draft.pk}/manage/{draft.manage_token}/",
        "verified-sign-form": f"{base}/appeals/{verified_appeal.pk}/",
        "verified-address-form": f"{base}/addresses/new/?to=city",
        "track": f"{base}/addresses/track/",
        "rules": f"{base}/rules/",
        "privacy": f"{base}/privacy/",
        "staff-queue": f"{base}/staff/addresses/{to.slug}/",
    }
    page = browser_context.new_page()
    SCREENSHOTS.mkdir(exist_ok=True)
    problems, report = {}, {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        browser_context.clear_cookies()
        for name, url in pages.items():
            if name == "staff-queue":
                browser_context.add_cookies([staff_cookie(live_server, responder)])
            page.goto(url)
            assert page.locator("main h1").count() >= 1, f"{name} did not render: {page.url}"
            where = f"{name} {language} {width}"
            problems[where] = serious_violations(page, report, where)
            shot = SCREENSHOTS / f"{name}-{language}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
        # The status page is the answer to the tracking form (POST: the code stays out of URLs).
        browser_context.clear_cookies()
        page.goto(f"{base}/addresses/track/?number={tracked.number}")
        page.locator("input[name=code]").fill(tracking_code)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        where = f"status {language} {width}"
        problems[where] = serious_violations(page, report, where)
        page.screenshot(path=str(SCREENSHOTS / f"status-{language}-{width}.png"), full_page=True)

    (SCREENSHOTS / f"axe-{language}.json").write_text(json.dumps(report, indent=1))
    assert {where: found for where, found in problems.items() if found} == {}
