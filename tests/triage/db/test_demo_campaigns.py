import pytest

from heard.addresses.demo import CAMPAIGN_SLUG, CAMPAIGNS, address_demo_load
from heard.addresses.models import Address
from heard.triage.demo import triage_demo_load
from heard.triage.models import Cluster, DuplicateGroup, TriageRun

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_holds_realistic_campaigns_that_triage_finds():
    address_demo_load()
    triage_demo_load()
    run = TriageRun.objects.get(campaign__slug=CAMPAIGN_SLUG)
    # People add their own words: most texts are unlike any other.
    texts = list(
        Address.objects.filter(campaign__slug=CAMPAIGN_SLUG, merged_into__isnull=True)
        .values_list("text", flat=True)
    )
    assert len(set(texts)) > 0.6 * len(texts)
    # Each planted campaign's templates show up as groups.
    smallest = min(copies // templates for _, _, _, copies, templates in CAMPAIGNS)
    large = DuplicateGroup.objects.filter(campaign=run.campaign, size__gte=smallest // 2).count()
    assert large >= sum(templates for *_, templates in CAMPAIGNS)
    assert Address.objects.filter(language="en", campaign__slug=CAMPAIGN_SLUG).exists()
    # No topic swallows the rest.
    sizes = list(Cluster.objects.filter(campaign=run.campaign).values_list("size", flat=True))
    assert len(sizes) >= 5 and max(sizes) <= 0.35 * sum(sizes)
