"""The API docs render in Debian's chromium from the site's own static files, under its
Content-Security-Policy, without one violation and without a request to another origin."""

from urllib.parse import urlsplit

import pytest


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "title"), [("/api/docs", "heard API"), ("/open311/docs", "Open311")]
)
def test_the_api_docs_render_offline_under_the_csp(live_server, browser_page, path, title):
    page = browser_page
    console, elsewhere = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    own = urlsplit(live_server.url).netloc
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if urlsplit(request.url).netloc not in (own, "") and not request.url.startswith("data:")
            else None
        ),
    )

    response = page.goto(f"{live_server.url}{path}")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock").first.wait_for()

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert title in page.locator(".swagger-ui .info .title").inner_text()
    assert not [text for text in console if "Content Security Policy" in text], console
    assert elsewhere == []
