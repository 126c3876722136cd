"""Migration 0005: groups stored before the n-gram hash changed (decision 0576) get their
template's signature and band keys again, so arrivals find them without a new run."""

import importlib

import numpy as np
import pytest
from django.apps import apps

from heard.triage import incremental
from heard.triage.lib.normalise import normalise
from heard.triage.models import AddressTriage, DuplicateGroup, GroupKey
from heard.triage.tasks import triage_arrivals_join
from tests.triage.db import builders

rehash = importlib.import_module("heard.triage.migrations.0005_group_templates_rehashed").rehash


def _stale(group: DuplicateGroup) -> None:
    """As a run before the change stored it: another hash's signature, and its keys."""
    stale = np.random.default_rng(1).integers(0, 2**32, size=incremental.NUM_PERM,
                                               dtype=np.uint32)
    group.signature = incremental.signature_bytes(stale)
    group.save(update_fields=["signature"])
    GroupKey.objects.filter(group=group).delete()
    GroupKey.objects.bulk_create(
        GroupKey(campaign_id=group.campaign_id, group=group, key=int(key))
        for key in incremental.template_band_keys(stale[None, :])[0]
    )


@pytest.mark.django_db
def test_an_arrival_finds_a_group_stored_before_the_hash_changed(triaged):
    group = DuplicateGroup.objects.get(primary=triaged.mass[0])
    _stale(group)
    rehash(apps, None)

    group.refresh_from_db()
    template = normalise(group.template.text)
    signature = incremental.signatures_of([template])
    assert np.array_equal(incremental.signature_from(group.signature), signature[0])
    assert sorted(GroupKey.objects.filter(group=group).values_list("key", flat=True)) == sorted(
        int(key) for key in incremental.template_band_keys(signature)[0])
    arrival = builders.receive(
        triaged.addressee, builders.MASS.format(greeting="Yours, Pavel from Rechnaya"))
    assert triage_arrivals_join.call() == 1
    assert AddressTriage.objects.get(address=arrival).group_id == group.pk


@pytest.mark.django_db
def test_without_the_migration_the_stale_group_is_not_found(triaged):
    group = DuplicateGroup.objects.get(primary=triaged.mass[0])
    _stale(group)
    arrival = builders.receive(
        triaged.addressee, builders.MASS.format(greeting="Yours, Pavel from Rechnaya"))
    triage_arrivals_join.call()
    assert AddressTriage.objects.get(address=arrival).group_id != group.pk
