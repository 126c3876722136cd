"""Topics in database mode learn from the addressee's categorised addresses."""

from datetime import timedelta

import numpy as np
import pytest
from sklearn.metrics import homogeneity_score

from heard.addresses import services
from heard.addresses.models import Address, Campaign
from heard.core import clock
from heard.triage import runs
from heard.triage.lib.pipeline import triage
from heard.triage.models import AddressTriage
from tests import factories
from tests.addresses import factories as address_factories
from tests.triage.db import builders
from tests.triage.facets import facet_texts

pytestmark = pytest.mark.django_db


def _office(*, categorised: bool):
    addressee = factories.addressee()
    texts, subjects = facet_texts(90, seed=21)
    categories = {code: address_factories.category(addressee, f"{code}-{addressee.pk}")
                  for code in set(subjects)}
    for text, subject in zip(texts, subjects, strict=True):  # before the campaign opens
        services.address_receive(
            addressee=addressee, text=text, channel=Address.Channel.WEB, applicant_name="Anna",
            category=categories[subject] if categorised else None, received_at=clock.now(),
        )
    now = clock.now()
    campaign = Campaign.objects.create(
        addressee=addressee, slug=f"line-{addressee.pk}", title="Direct line",
        starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(days=14),
        channels=["web"], created_at=now,
    )
    texts, subjects = facet_texts(60, seed=22)
    addresses = [builders.receive(addressee, text) for text in texts]
    assert all(a.campaign_id == campaign.pk for a in Address.objects.filter(
        pk__in=[a.pk for a in addresses]))
    return campaign, addresses, subjects


def _stored_topics(addresses) -> list[int]:
    clusters = dict(AddressTriage.objects.values_list("address_id", "cluster__number"))
    return [clusters[a.pk] for a in addresses]


def test_topics_follow_the_categories_the_office_gave_earlier_addresses():
    guided_campaign, guided, subjects = _office(categorised=True)
    plain_campaign, plain, _ = _office(categorised=False)
    builders.run(guided_campaign)
    builders.run(plain_campaign)
    # Each topic holds one subject when the office's categories teach them, not without.
    assert homogeneity_score(subjects, _stored_topics(guided)) > 0.9
    assert homogeneity_score(subjects, _stored_topics(plain)) < 0.5


def test_without_categorised_addresses_the_topics_are_the_texts_alone():
    campaign, addresses, _ = _office(categorised=False)
    assert runs.topic_history(campaign.addressee_id) == []
    builders.run(campaign)
    records = runs.load(campaign.pk).records
    alone = triage(records, encoder=False)
    position = {record.id: i for i, record in enumerate(records)}
    expected = alone.cluster_labels[[position[a.pk] for a in addresses]]
    assert np.array_equal(_stored_topics(addresses), expected)
