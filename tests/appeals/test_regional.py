"""'Popular in your region' on the home page: a GET form, no script."""

import pytest

from heard.appeals.models import Appeal
from tests import factories
from tests.html import controls_without_labels

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_appeals_most_signed_in_the_chosen_region(client):
    tomsk, moscow = factories.region("TOM"), factories.region("MOW")
    much = factories.appeal_in(Appeal.Status.OPEN, title="Much signed in Tomsk")
    little = factories.appeal_in(Appeal.Status.OPEN, title="Little signed in Tomsk")
    elsewhere = factories.appeal_in(Appeal.Status.OPEN, title="Signed in Moscow only")
    for _ in range(3):
        factories.sign(much, region=tomsk)
    factories.sign(little, region=tomsk)
    factories.sign(elsewhere, region=moscow)

    html = client.get("/", {"region": "TOM"}).content.decode()

    assert "Popular in Tomsk Oblast" in html
    section = html.split('id="regional-heading"')[1].split("</section>")[0]
    assert section.index("Much signed in Tomsk") < section.index("Little signed in Tomsk")
    assert "Signed in Moscow only" not in section
    assert "<strong>3</strong> signatures from this region" in section
    assert '<option value="TOM" selected>' in section


def test_the_region_form_is_labelled_and_an_unknown_region_is_no_choice(client):
    html = client.get("/", {"region": "<nowhere>"}).content.decode()

    assert "Popular in your region" in html
    assert 'method="get"' in html and 'name="region"' in html
    assert controls_without_labels(html) == []
