import pytest

from heard.addresses.demo import CAMPAIGN_SLUG, address_demo_load
from heard.triage.demo import triage_demo_load
from heard.triage.models import AddressTriage, DuplicateGroup, TriageRun

pytestmark = pytest.mark.django_db


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text


def test_demo_triage_runs_once_over_the_demo_campaign():
    address_demo_load()
    out = _Out()
    triage_demo_load(stdout=out)
    run = TriageRun.objects.get(campaign__slug=CAMPAIGN_SLUG)
    assert run.status == TriageRun.Status.COMPLETED and run.addresses > 0
    assert AddressTriage.objects.count() == run.addresses
    assert DuplicateGroup.objects.filter(size__gte=100).exists()  # the demo's mass campaign
    triage_demo_load(stdout=out)
    assert "already run" in out.text
    assert TriageRun.objects.count() == 1


def test_demo_triage_without_the_demo_campaign_says_so():
    out = _Out()
    triage_demo_load(stdout=out)
    assert "no demo campaign" in out.text
