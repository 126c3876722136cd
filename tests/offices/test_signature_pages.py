"""Staff pages over signatures: the moderators' fraud page and the addressee's export."""

import csv
import io

import pytest
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.signatures.models import Signature
from tests import factories
from tests.html import controls_without_labels

pytestmark = pytest.mark.django_db


@pytest.fixture
def flooded():
    appeal = factories.appeal_in(Appeal.Status.OPEN, to=factories.addressee(response_threshold=99))
    for number in range(3):
        factories.sign(appeal, ip="198.51.100.9", email=f"f{number}@flood.example")
    factories.sign(appeal, name="Open Person", show_name=True, region=factories.region("SPE"))
    factories.sign(appeal, name="Private Person", show_name=False)
    return appeal


def fraud_url(appeal: Appeal) -> str:
    return reverse("offices:appeal_fraud", kwargs={"pk": appeal.pk})


def test_only_moderators_see_the_fraud_page(client, flooded):
    client.force_login(factories.responder(flooded.addressee))
    assert client.get(fraud_url(flooded)).status_code == 403

    client.force_login(factories.moderator())
    page = client.get(fraud_url(flooded))

    assert page.status_code == 200
    assert controls_without_labels(page.content.decode()) == []


def test_preview_counts_then_the_post_invalidates_and_a_reversal_restores(client, flooded):
    client.force_login(factories.moderator())
    before = Appeal.objects.get(pk=flooded.pk).signature_count

    preview = client.get(fraud_url(flooded), {"domain": "flood.example", "reason": "bots"})
    assert "3 signatures match" in preview.content.decode()
    assert Appeal.objects.get(pk=flooded.pk).signature_count == before

    done = client.post(fraud_url(flooded), {"domain": "flood.example", "reason": "bots"})
    assert done.status_code == 302
    assert Appeal.objects.get(pk=flooded.pk).signature_count == before - 3

    item = flooded.invalidations.get()
    client.post(reverse("offices:invalidation_reverse", kwargs={"pk": item.pk}))
    assert Appeal.objects.get(pk=flooded.pk).signature_count == before


def test_an_invalidation_without_criteria_explains_and_changes_nothing(client, flooded):
    client.force_login(factories.moderator())

    response = client.post(fraud_url(flooded), {"reason": "everything"})

    assert response.status_code == 400
    assert "Choose at least one" in response.content.decode()
    assert not flooded.signatures.filter(status=Signature.Status.INVALIDATED).exists()


def test_bad_dates_in_the_preview_are_explained_not_a_500(client, flooded):
    client.force_login(factories.moderator())

    response = client.get(fraud_url(flooded), {"since": "yesterday-ish", "ip": "\x00"})

    assert response.status_code == 400


def test_the_addressee_export_has_counts_by_region_and_consenting_names_only(client, flooded):
    url = reverse("offices:appeal_signatures_export", kwargs={"pk": flooded.pk})
    client.force_login(factories.responder(factories.addressee()))
    assert client.get(url).status_code == 404

    client.force_login(factories.responder(flooded.addressee))
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Moscow", "7"] in rows and ["Saint Petersburg", "1"] in rows
    assert ["total", "8"] in rows
    assert ["Open Person"] in rows
    assert "Private Person" not in text and "@" not in text
