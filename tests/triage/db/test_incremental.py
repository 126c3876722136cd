import numpy as np
import pytest

from heard.addresses.models import Address
from heard.triage import incremental
from heard.triage.lib.normalise import normalise
from heard.triage.models import AddressTriage, Cluster, DuplicateGroup, TriageRun
from heard.triage.tasks import triage_arrivals_join
from tests.triage.db import builders


def _row(address: Address) -> AddressTriage:
    return AddressTriage.objects.get(address=address)


def test_equal_signatures_share_every_band_key_and_different_texts_share_few():
    texts = [normalise(builders.MASS.format(greeting=g)) for g in ("Thanks", "Regards, Ivan")]
    texts.append(normalise("Potholes on the road near school 5, please repair the asphalt"))
    sig = incremental.signatures_of(texts)
    keys = incremental.band_keys(sig, 0.6)
    assert (incremental.band_keys(sig[:1], 0.6) == keys[:1]).all()
    assert incremental.similarity(sig[0], sig[1]) >= 0.6 > incremental.similarity(sig[0], sig[2])
    assert not set(keys[0]) & set(keys[2])


def test_a_text_is_nearest_to_the_centroid_of_its_topic():
    heating = [normalise(builders._text(builders.HEATING, i)) for i in range(4)]
    roads = [normalise(builders._text(builders.ROADS, i)) for i in range(4)]
    matrix = incremental.centroid_matrix(
        [incremental.centroid_build(heating), incremental.centroid_build(roads)]
    )
    new = ["the radiators are cold, no heating in the building", "potholes damage the road"]
    assert list(incremental.nearest(new, matrix)) == [0, 1]
    assert list(incremental.nearest(new, incremental.centroid_matrix([]))) == [-1, -1]


@pytest.mark.django_db
def test_a_new_copy_joins_the_mass_group_and_its_cluster_without_a_recompute(triaged):
    run = TriageRun.objects.get()
    before = dict(AddressTriage.objects.values_list("address_id", "joined_at"))
    group = DuplicateGroup.objects.get(primary=triaged.mass[0])
    cluster = Cluster.objects.get(pk=_row(triaged.mass[0]).cluster_id)
    arrival = builders.receive(
        triaged.addressee, builders.MASS.format(greeting="Yours, Pavel from Rechnaya"),
        channel="web",
    )
    assert triage_arrivals_join.call() == 1
    row = _row(arrival)
    assert row.origin == AddressTriage.Origin.ARRIVAL
    assert row.group_id == group.pk and not row.is_primary
    assert row.cluster_id == cluster.pk
    group.refresh_from_db()
    assert group.size == len(triaged.mass) + 1
    assert group.last_received_at == arrival.received_at
    assert Cluster.objects.get(pk=cluster.pk).size == cluster.size + 1
    # No recompute: the same single run, and every earlier row untouched.
    assert TriageRun.objects.get() == run
    assert TriageRun.objects.get().finished_at == run.finished_at
    assert dict(AddressTriage.objects.exclude(address=arrival).values_list(
        "address_id", "joined_at")) == before


@pytest.mark.django_db
def test_a_new_text_joins_the_nearest_topic_and_gets_a_suggestion(triaged):
    arrival = builders.receive(
        triaged.addressee, "Heating is off on Lesnaya street for 9 days, cold radiators, boiler")
    triage_arrivals_join.call()
    row = _row(arrival)
    assert row.group_id is None
    heating_clusters = {_row(a).cluster_id for a in triaged.heating}
    assert row.cluster_id in heating_clusters
    assert row.suggestions[0]["department"] == triaged.housing.pk
    assert row.suggestion == AddressTriage.Suggestion.SUGGESTED


@pytest.mark.django_db
def test_arrivals_copying_each_other_form_a_group_that_later_copies_join(triaged):
    text = ("We ask the ministry to restore the night bus number {n} from the station to "
            "the northern districts, people cannot get home after work")
    first = [builders.receive(triaged.addressee, text.format(n=n)) for n in (41, 41, 42)]
    triage_arrivals_join.call()
    groups = {_row(a).group_id for a in first}
    assert len(groups) == 1 and None not in groups
    assert _row(first[0]).is_primary
    later = builders.receive(triaged.addressee, text.format(n=43) + ". Thank you")
    triage_arrivals_join.call()
    assert _row(later).group_id in groups
    assert DuplicateGroup.objects.get(pk=_row(later).group_id).size == 4


@pytest.mark.django_db
def test_joining_is_safe_to_run_twice_and_waits_for_a_first_run(world):
    assert triage_arrivals_join.call() == 0  # no completed run: nothing is joined
    assert not AddressTriage.objects.exists()
    builders.run(world.campaign)
    builders.receive(world.addressee, "A new question about the landfill smell")
    assert triage_arrivals_join.call() == 1
    assert triage_arrivals_join.call() == 0
    assert AddressTriage.objects.count() == Address.objects.filter(campaign=world.campaign).count()


@pytest.mark.django_db
def test_no_arrival_is_joined_while_a_run_is_running(triaged):
    TriageRun.objects.create(campaign=triaged.campaign, status=TriageRun.Status.RUNNING,
                             created_at=triaged.campaign.created_at)
    builders.receive(triaged.addressee, "Another question")
    assert triage_arrivals_join.call() == 0


def test_band_keys_fit_a_signed_64_bit_column():
    sig = incremental.signatures_of(["some text here", "another text"])
    keys = incremental.band_keys(sig, 0.6)
    assert keys.dtype == np.int64 and (keys >= 0).all()
