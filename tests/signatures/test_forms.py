import re

import pytest
from django import forms
from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from heard.appeals.models import Appeal
from heard.offices.models import Region
from heard.signatures import fraud
from heard.signatures.forms import RegionChoiceField, SignatureForm
from tests import factories

pytestmark = pytest.mark.django_db


class DjangoRegionField(RegionChoiceField):
    """The region field as Django alone would show it: one query and one template per option."""

    iterator = ModelChoiceIterator
    widget = forms.Select


class DjangoSignatureForm(SignatureForm):
    region = DjangoRegionField()


def without_blank_lines(html: str) -> str:
    return re.sub(r">\n\s*\n", ">\n", html)


@pytest.fixture
def signing_caches(settings):
    """The per-process caches on, as in production; the rules cached here leave with the test."""
    settings.HEARD_SIGNING_CACHE_SECONDS = 60
    settings.HEARD_FRAUD_RULES_CACHE_SECONDS = 60
    settings.HEARD_NUDGE_JOBS = False
    yield
    fraud.rules_cache_clear()


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "data",
    [None, {"region": "SPE"}, {"region": "abc"}, {"region": ""}, {"name": "Vera"}],
    ids=["blank", "chosen", "invalid", "empty", "missing"],
)
def test_region_list_reads_as_django_would_write_it(language, data):
    if data and data.get("region") == "SPE":
        data = {"region": str(factories.region("SPE").pk)}
    with translation.override(language):
        ours, django = SignatureForm(data), DjangoSignatureForm(data)
        assert ours.is_valid() == django.is_valid()

        assert str(ours["region"]) == without_blank_lines(str(django["region"]))


def test_region_list_leaves_out_inactive_regions():
    Region.objects.filter(code="MOW").update(active=False)

    html = str(SignatureForm()["region"])

    assert ">Saint Petersburg<" in html and ">Moscow<" not in html


def test_region_list_is_read_once_per_process(signing_caches):
    str(SignatureForm()["region"])

    with CaptureQueriesContext(connection) as queries:
        with translation.override("ru"):
            russian = str(SignatureForm()["region"])
        english = str(SignatureForm()["region"])

    assert len(queries) == 0
    assert "Санкт-Петербург" in russian and "Saint Petersburg" in english


@pytest.mark.parametrize("region", ["0", "abc", "MOW", "1.5", "99999999999999999999"])
def test_unknown_region_ids_are_refused_with_the_form_error(region):
    form = SignatureForm({"region": region})

    assert not form.is_valid()
    assert form.errors["region"] == ["Choose a region from the list."]


def test_a_region_deactivated_is_refused_with_the_form_error():
    region = factories.region("SPE")
    Region.objects.filter(pk=region.pk).update(active=False)

    form = SignatureForm({"region": str(region.pk)})

    assert not form.is_valid()
    assert form.errors["region"] == ["Choose a region from the list."]


def test_valid_signature_spends_no_query_before_the_insert(client, signing_caches):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = reverse("signatures:sign", kwargs={"pk": appeal.pk})
    data = {"name": "Vera", "region": factories.region("SPE").pk, "consent_processing": "on"}
    client.post(url, data | {"email": "first@example.org"})

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data | {"email": "vera@example.org"})

    assert response.status_code == 302
    assert len(queries) == 1
    assert "INSERT" in queries[0]["sql"].upper()
    assert appeal.signatures.filter(**factories.by_email("vera@example.org")).exists()
