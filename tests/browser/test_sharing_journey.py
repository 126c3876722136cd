"""Sharing, embedding and printing in Debian's chromium: the share links and the copy button,
the counter framed by another site (and the appeal page refused there), the page at 390 px.
Skips where chromium is not installed."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import translation

from heard.appeals.models import Appeal
from tests import factories


@pytest.fixture
def appeal(regions):
    return factories.appeal_in(
        Appeal.Status.OPEN,
        to=factories.addressee(name="Министерство мостов", response_threshold=100),
        title="Почините мост через реку",
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_share_links_and_the_copy_button_at_390_px(
    appeal, live_server, browser_page, settings, language
):
    settings.SITE_URL = live_server.url
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 900})
    prefix = "/ru" if language == "ru" else ""  # English is the tests' default language
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))

    page.goto(f"{live_server.url}{prefix}/appeals/{appeal.pk}/")
    telegram = page.locator("a.share-telegram")

    assert telegram.get_attribute("href").startswith("https://t.me/share/url?url=")
    assert page.locator(".copy-source").first.input_value().startswith(live_server.url)
    # copy-link.js ran under the site's CSP (no inline script): its buttons are there.
    page.locator(".share .copy-button").wait_for()
    with translation.override(language):
        assert page.locator(".share .copy-button").inner_text() == translation.gettext("Copy")
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=f"/tmp/heard-share-{language}-390.png", full_page=True)  # noqa: S108
    assert width <= 390


@pytest.fixture
def embedding_site():
    """Another origin on the loopback (Chromium keeps pages it does not know to be local from
    framing local ones): a tiny server whose one page is set by the test."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.django_db(transaction=True)
def test_another_site_frames_the_counter_but_not_the_appeal_page(
    appeal, live_server, browser_page, embedding_site
):
    pages, origin = embedding_site
    widget = f"{live_server.url}/appeals/{appeal.pk}/widget/"
    detail = live_server.url + appeal.get_absolute_url()
    pages["/"] = f'<iframe id="w" src="{widget}"></iframe><iframe id="d" src="{detail}"></iframe>'
    page = browser_page

    page.goto(origin + "/", wait_until="load")
    counter = page.frame_locator("#w").locator(".widget-count")
    counter.wait_for()

    assert "signature" in counter.inner_text()
    # Chromium refuses the appeal page in a frame: no frame holds it (it does hold the counter).
    shown = [_content(frame) for frame in page.main_frame.child_frames]
    assert any("widget-count" in content for content in shown)
    assert not any("Sign this appeal" in content for content in shown)
    page.screenshot(path="/tmp/heard-widget-framed.png")  # noqa: S108


def _content(frame) -> str:
    try:
        return frame.content()
    except Exception:  # noqa: BLE001 - a refused frame may hold Chromium's error page only
        return ""
