import xml.etree.ElementTree as ElementTree

import pytest
from django.urls import reverse

from heard.appeals.models import Appeal
from tests import factories

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def open_appeal(settings):
    settings.SITE_URL = "https://heard.example"
    return factories.appeal_in(
        Appeal.Status.OPEN,
        to=factories.addressee(response_threshold=100),
        title="Repair the bridge & the road",
    )


def test_the_widget_may_be_framed_by_other_sites(client, open_appeal):
    response = client.get(reverse("appeals:widget", args=[open_appeal.pk]))

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "script-src 'self'" in policy  # the rest of the policy stays
    assert "public" in response["Cache-Control"]
    assert "Repair the bridge &amp; the road" in response.content.decode()
    assert '<meta http-equiv="refresh" content="60">' in response.content.decode()


@pytest.mark.parametrize("name", ["detail", "list", "home"])
def test_every_other_page_still_refuses_to_be_framed(client, open_appeal, name):
    url = {
        "detail": open_appeal.get_absolute_url(),
        "list": reverse("appeals:list"),
        "home": reverse("appeals:home"),
    }[name]
    response = client.get(url)

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_widget_shows_the_count(client, open_appeal):
    factories.sign(open_appeal)
    open_appeal.refresh_from_db()
    html = client.get(reverse("appeals:widget", args=[open_appeal.pk])).content.decode()

    assert f"<strong>{open_appeal.signature_count}</strong>" in html


def test_the_badge_is_svg_with_the_title_and_count(client, open_appeal):
    factories.sign(open_appeal)
    open_appeal.refresh_from_db()
    response = client.get(reverse("appeals:badge", args=[open_appeal.pk]))
    svg = ElementTree.fromstring(response.content)  # noqa: S314 - our own answer

    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert svg.tag == f"{SVG}svg"
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert texts == [
        "Repair the bridge & the road",
        f"{open_appeal.signature_count} signatures",
    ]


def test_the_snippets_on_the_appeal_page_point_at_the_widget_and_badge(client, open_appeal):
    html = client.get(open_appeal.get_absolute_url()).content.decode()

    widget = "https://heard.example" + reverse("appeals:widget", args=[open_appeal.pk])
    badge = "https://heard.example" + reverse("appeals:badge", args=[open_appeal.pk])
    assert f"&lt;iframe src=&quot;{widget}&quot;" in html
    assert f"&lt;img src=&quot;{badge}&quot;" in html
    # The title is escaped twice in the snippet: once for the page, once for the pasted HTML.
    assert "Repair the bridge &amp;amp; the road" in html


def test_no_widget_or_badge_for_an_appeal_not_yet_public(client):
    draft = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)

    assert client.get(reverse("appeals:widget", args=[draft.pk])).status_code == 404
    assert client.get(reverse("appeals:badge", args=[draft.pk])).status_code == 404


def test_no_signer_data_in_widget_or_badge(client, open_appeal):
    factories.sign(open_appeal, name="Мария Открытая", show_name=True, email="maria@example.org")
    widget = client.get(reverse("appeals:widget", args=[open_appeal.pk])).content.decode()
    badge = client.get(reverse("appeals:badge", args=[open_appeal.pk])).content.decode()

    for secret in ("Мария", "maria@"):
        assert secret not in widget
        assert secret not in badge
