"""The site's own pages: each answers in both languages, and says what the code does."""

from html import escape

import pytest
from django.urls import reverse
from django.utils import translation

from heard.appeals.models import Appeal
from heard.site_pages.content import REJECTION_MEANINGS
from tests import factories
from tests.html import controls_without_labels

pytestmark = pytest.mark.django_db

PAGES = ["pages:about", "pages:rules", "pages:privacy", "pages:accessibility", "pages:contact"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_each_page_answers_in_each_language(client, name, language):
    with translation.override(language):
        url = reverse(name)
    response = client.get(url)

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert controls_without_labels(response.content.decode()) == []


def test_every_rejection_code_has_a_meaning():
    assert set(REJECTION_MEANINGS) == set(Appeal.RejectionCode.values)


def test_the_rules_list_every_rejection_reason_and_each_addressees_thresholds(client):
    factories.addressee(name="Ministry of Bridges", response_threshold=14266, sponsors_required=7)

    text = client.get(reverse("pages:rules")).content.decode()

    for code in Appeal.RejectionCode:
        assert f'id="reason-{code.value}"' in text
        assert escape(str(code.label).capitalize()) in text
    assert "Ministry of Bridges" in text
    assert "14,266" in text
    assert "its text is hidden and not searchable" in text  # offensive, defamatory, …
    assert "The appeal stays readable" in text  # duplicate, …


def test_the_privacy_page_quotes_the_retention_settings(client, settings):
    settings.HEARD_SIGNER_RETENTION_DAYS = 91
    settings.HEARD_OUTBOX_KEEP_DAYS = 1

    text = client.get(reverse("pages:privacy")).content.decode()

    assert "erased 91 days after the appeal closes" in text
    assert "and 1 day after" in text


def test_the_contact_page_shows_the_configured_contact(client, settings):
    settings.HEARD_OPERATOR_NAME = "Civic Tech Ltd"
    settings.HEARD_CONTACT_EMAIL = "help@example.org"

    text = client.get(reverse("pages:contact")).content.decode()

    assert "run by Civic Tech Ltd" in text
    assert 'href="mailto:help@example.org"' in text


def test_the_contact_page_says_when_nothing_is_configured(client, settings):
    settings.HEARD_CONTACT_EMAIL = ""
    settings.HEARD_CONTACT_POSTAL = ""

    text = client.get(reverse("pages:contact")).content.decode()

    assert "has not published contact details yet" in text


def test_a_post_to_a_page_is_refused(client):
    assert client.post(reverse("pages:about")).status_code == 405


def test_the_favicon_address_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith("heard/icons/favicon-32.png")
