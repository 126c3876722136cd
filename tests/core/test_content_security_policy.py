"""Every answer carries the Content-Security-Policy: pages (from the fast paths too), API
answers, rejections, the API docs; the docs' assets are the site's own static files."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from heard.appeals.models import Appeal
from tests import factories

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "heard" / "templates"


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    "path", ["/", "/appeals/", "/addresses/new/", "/api/v1/regions", "/open311/v2/services.json"]
)
def test_pages_and_api_answers_carry_a_policy_without_inline_code(client, path):
    response = client.get(path)

    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]


def test_the_fast_paths_answers_carry_it_too(settings):
    settings.HEARD_PAGE_CACHE_SECONDS = 5
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = f"/appeals/{appeal.pk}/"
    Client().get(url)

    from_the_copy = Client().get(url)
    signed = Client().post(
        f"/api/v1/appeals/{appeal.pk}/signatures",
        json.dumps(
            {"name": "V", "email": "v@example.org", "region": "SPE", "consent_processing": True}
        ),
        content_type="application/json",
    )

    assert from_the_copy.status_code == 200 and signed.status_code == 202
    assert "script-src 'self'" in from_the_copy["Content-Security-Policy"]
    assert "script-src 'self'" in signed["Content-Security-Policy"]


def test_rejections_carry_it(client):
    assert "Content-Security-Policy" in client.get("/appeals/", {"q": "\x00"})


@pytest.mark.parametrize("path", ["/api/docs", "/open311/docs"])
def test_the_api_docs_load_swagger_ui_from_our_static_files(client, path):
    response = client.get(path)

    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert response.status_code == 200 and "Content-Security-Policy" in response
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/static/") for source in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_no_template_has_inline_script_style_or_event_handlers():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    offenders = [
        str(template.relative_to(TEMPLATES))
        for template in TEMPLATES.rglob("*.html")
        if inline.search(template.read_text())
    ]
    assert offenders == []
