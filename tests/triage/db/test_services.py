import pytest
from django.db import connection

from heard.addresses.models import Address
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from heard.core.models import AuditEvent
from heard.triage import services
from heard.triage.models import AddressTriage, Cluster, DuplicateGroup, TriageRun
from heard.triage.tasks import triage_campaign_run
from tests import factories
from tests.addresses import factories as address_factories
from tests.triage.db import builders

pytestmark = pytest.mark.django_db


def _triage(address: Address) -> AddressTriage:
    return AddressTriage.objects.get(address=address)


def test_run_stores_a_row_for_every_address_of_the_campaign_and_none_outside(triaged):
    in_campaign = Address.objects.filter(campaign=triaged.campaign)
    campaign_ids = set(in_campaign.values_list("pk", flat=True))
    stored = set(AddressTriage.objects.values_list("address_id", flat=True))
    assert stored == campaign_ids
    run = TriageRun.objects.get(campaign=triaged.campaign)
    assert run.status == TriageRun.Status.COMPLETED
    assert run.addresses == len(campaign_ids)
    assert {"load", "duplicates", "clusters", "routing", "store"} <= set(run.stages)


def test_planted_mass_campaign_ends_in_one_group_under_its_earliest_address(triaged):
    groups = {_triage(address).group_id for address in triaged.mass}
    assert len(groups) == 1 and None not in groups
    group = DuplicateGroup.objects.get(pk=groups.pop())
    assert group.primary == triaged.mass[0]
    assert group.size == len(triaged.mass)
    assert group.channels == ["phone", "sms", "web"]
    assert group.first_received_at <= group.last_received_at
    assert _triage(triaged.mass[0]).is_primary and not _triage(triaged.mass[1]).is_primary


def test_mass_campaign_is_not_grouped_with_other_topics(triaged):
    mass_group = _triage(triaged.mass[0]).group_id
    others = [_triage(a).group_id for a in triaged.heating + triaged.roads_addresses]
    assert mass_group not in others


def test_clusters_are_labelled_with_terms_and_three_representatives(triaged):
    clusters = list(Cluster.objects.filter(campaign=triaged.campaign))
    assert len(clusters) >= 2
    assert sum(cluster.size for cluster in clusters) == AddressTriage.objects.count()
    for cluster in clusters:
        assert cluster.terms and 1 <= len(cluster.representative_ids) <= 3
        assert cluster.centroid
    # Copies of a mass campaign are clustered once, through their primary.
    assert len({_triage(a).cluster_id for a in triaged.mass}) == 1


def test_suggestions_come_from_the_addressees_routed_history(triaged):
    for address in triaged.heating:
        row = _triage(address)
        assert row.suggestion == AddressTriage.Suggestion.SUGGESTED
        assert row.suggestions[0]["department"] == triaged.housing.pk
    assert _triage(triaged.roads_addresses[0]).suggestions[0]["department"] == triaged.roads.pk


def test_accepting_assigns_the_first_suggestion_through_the_audited_service(triaged):
    chosen = triaged.heating[:2]
    result = services.triage_suggestions_accept(
        campaign=triaged.campaign, actor=triaged.responder, address_ids=[a.pk for a in chosen]
    )
    assert result == (2, 0)
    for address in chosen:
        address.refresh_from_db()
        assert address.department == triaged.housing
        assert address.status == Address.Status.ASSIGNED
        assert _triage(address).suggestion == AddressTriage.Suggestion.ACCEPTED
        assert AuditEvent.objects.filter(
            subject_id=address.pk, verb="assigned", actor=triaged.responder).exists()


def test_overriding_assigns_the_chosen_department(triaged):
    address = triaged.heating[0]
    services.triage_suggestions_override(
        campaign=triaged.campaign, actor=triaged.responder, address_ids=[str(address.pk)],
        department=triaged.roads,
    )
    address.refresh_from_db()
    assert address.department == triaged.roads
    assert _triage(address).suggestion == AddressTriage.Suggestion.OVERRIDDEN


def test_department_of_another_addressee_is_refused_and_nothing_changes(triaged):
    foreign = address_factories.department(factories.addressee(), "foreign")
    with pytest.raises(TransitionNotAllowed, match="another addressee"):
        services.triage_suggestions_override(
            campaign=triaged.campaign, actor=triaged.responder,
            address_ids=[triaged.heating[0].pk], department=foreign,
        )
    assert _triage(triaged.heating[0]).suggestion == AddressTriage.Suggestion.SUGGESTED


@pytest.mark.parametrize("selection, message", [
    ([], "at least one"), (["x"], "not a list"), ([10**9], "not in this campaign"),
])
def test_bad_selections_get_a_clear_message(triaged, selection, message):
    with pytest.raises(DomainError, match=message):
        services.triage_suggestions_accept(
            campaign=triaged.campaign, actor=triaged.responder, address_ids=selection
        )


def test_one_refused_address_leaves_the_whole_selection_unchanged(triaged):
    first, second = triaged.heating[:2]
    services.triage_suggestions_accept(
        campaign=triaged.campaign, actor=triaged.responder, address_ids=[second.pk])
    with pytest.raises(TransitionNotAllowed, match=second.number):
        services.triage_suggestions_accept(
            campaign=triaged.campaign, actor=triaged.responder, address_ids=[first.pk, second.pk])
    first.refresh_from_db()
    assert first.department is None
    assert _triage(first).suggestion == AddressTriage.Suggestion.SUGGESTED


def test_responder_of_another_addressee_may_not_decide(triaged):
    stranger = factories.responder(factories.addressee())
    with pytest.raises(PermissionDenied):
        services.triage_suggestions_accept(
            campaign=triaged.campaign, actor=stranger, address_ids=[triaged.heating[0].pk])


def test_merging_a_group_merges_its_members_into_the_primary(triaged):
    group = DuplicateGroup.objects.get(primary=triaged.mass[0])
    outcome = services.triage_group_merge(group=group, actor=triaged.responder)
    assert outcome.merged == len(triaged.mass) - 1 and outcome.kept_open == 0
    for address in triaged.mass[1:]:
        address.refresh_from_db()
        assert address.status == Address.Status.MERGED
        assert address.merged_into == triaged.mass[0]
    with pytest.raises(TransitionNotAllowed, match="Nothing to merge"):
        services.triage_group_merge(group=group, actor=triaged.responder)


def test_a_run_is_refused_while_another_is_queued(world):
    TriageRun.objects.create(campaign=world.campaign, created_at=world.campaign.created_at)
    with pytest.raises(TransitionNotAllowed, match="already queued"):
        services.triage_run_request(campaign=world.campaign, actor=world.responder)


def test_a_requested_run_completes_and_running_its_task_again_does_nothing(world):
    run = services.triage_run_request(campaign=world.campaign, actor=world.responder)
    run.refresh_from_db()
    assert run.status == TriageRun.Status.COMPLETED
    finished = run.finished_at
    assert triage_campaign_run.call(run_id=run.pk) == "not queued"
    run.refresh_from_db()
    assert run.finished_at == finished
    assert TriageRun.objects.count() == 1


def test_a_second_run_replaces_the_first_results(triaged):
    first = AddressTriage.objects.count()
    builders.run(triaged.campaign)
    assert AddressTriage.objects.count() == first
    assert DuplicateGroup.objects.filter(primary=triaged.mass[0]).count() == 1


def test_an_empty_campaign_completes_with_nothing_stored(db):
    from datetime import timedelta

    from heard.addresses.models import Campaign
    from heard.core import clock

    addressee = factories.addressee()
    now = clock.now()
    campaign = Campaign.objects.create(
        addressee=addressee, slug="empty", title="Empty", starts_at=now,
        ends_at=now + timedelta(days=1), channels=["web"], created_at=now)
    run = builders.run(campaign)
    assert run.status == TriageRun.Status.COMPLETED and run.addresses == 0


@pytest.mark.django_db(transaction=True)
def test_a_run_ends_by_vacuuming_the_table_on_postgresql_and_says_so(world):
    builders.run(world.campaign)
    stages = TriageRun.objects.get(campaign=world.campaign).stages
    # Outside a transaction: on PostgreSQL the table is vacuumed, a stage of its own; on
    # SQLite nothing is done and nothing is shown.
    assert ("upkeep" in stages) == (connection.vendor == "postgresql")
