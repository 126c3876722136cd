"""Routing that learns: confident suggestions only are bulk-accepted; staff decisions retrain."""

import pytest
from django.urls import reverse

from heard.addresses.models import Address
from heard.triage import services
from heard.triage.models import AddressTriage, StoredRouter
from heard.triage.tasks import triage_routers_retrain

pytestmark = pytest.mark.django_db


def _doubt(address: Address, score: float = 0.2) -> None:
    row = AddressTriage.objects.get(address=address)
    row.suggestions[0]["score"] = score
    AddressTriage.objects.filter(pk=row.pk).update(suggestions=row.suggestions)


def test_bulk_accept_skips_suggestions_that_need_a_person(triaged, settings):
    settings.HEARD_ROUTER_CONFIDENCE = 0.6
    sure, unsure = triaged.heating[0], triaged.heating[1]
    _doubt(unsure)
    result = services.triage_suggestions_accept(
        campaign=triaged.campaign, actor=triaged.responder, address_ids=[sure.pk, unsure.pk])
    assert (result.accepted, result.skipped) == (1, 1)
    sure.refresh_from_db()
    unsure.refresh_from_db()
    assert sure.department == triaged.housing
    assert unsure.department is None
    assert AddressTriage.objects.get(address=unsure).suggestion == (
        AddressTriage.Suggestion.SUGGESTED)


def test_a_doubtful_suggestion_can_still_be_assigned_by_a_person(triaged, settings):
    settings.HEARD_ROUTER_CONFIDENCE = 0.6
    address = triaged.heating[0]
    _doubt(address)
    services.triage_suggestions_override(
        campaign=triaged.campaign, actor=triaged.responder, address_ids=[address.pk],
        department=triaged.housing)
    address.refresh_from_db()
    assert address.department == triaged.housing


def test_page_shows_confidence_flags_the_doubtful_and_says_how_many_were_skipped(
    client, triaged, settings
):
    settings.HEARD_ROUTER_CONFIDENCE = 0.6
    _doubt(triaged.heating[1], 0.23)
    client.force_login(triaged.responder)
    url = reverse("triage:suggestions", args=[triaged.campaign.slug])
    page = client.get(url).content.decode()
    assert "23% sure" in page and "Needs a person" in page
    chosen = [str(a.pk) for a in triaged.heating[:2]]
    response = client.post(url, {"action": "accept", "address": chosen}, follow=True)
    text = response.content.decode()
    assert "1 address assigned." in text
    assert "1 address skipped: its suggestion needs a person" in text


def test_retrain_task_learns_from_staff_overrides_once_enough_came_in(triaged, settings):
    settings.HEARD_ROUTER_RETRAIN_DECISIONS = 3
    stored = StoredRouter.objects.get(addressee=triaged.addressee)
    overridden = triaged.heating[:2]
    services.triage_suggestions_override(
        campaign=triaged.campaign, actor=triaged.responder,
        address_ids=[a.pk for a in overridden], department=triaged.roads)
    assert triage_routers_retrain.call() == 0  # two decisions: not enough yet
    services.triage_suggestions_override(
        campaign=triaged.campaign, actor=triaged.responder,
        address_ids=[triaged.heating[2].pk], department=triaged.roads)
    assert triage_routers_retrain.call() == 1
    retrained = StoredRouter.objects.get(addressee=triaged.addressee)
    assert retrained.trained_at > stored.trained_at
    assert retrained.history == stored.history + 3  # the overridden addresses are history now
    assert triage_routers_retrain.call() == 0  # nothing new since


def _stored_suggestions(campaign) -> dict[int, list]:
    return dict(AddressTriage.objects.filter(campaign=campaign)
                .values_list("address_id", "suggestions"))


def test_a_run_routing_in_a_second_process_stores_what_one_process_stores(world, monkeypatch):
    from heard.triage.lib import parallel

    from . import builders

    builders.run(world.campaign)
    alone = _stored_suggestions(world.campaign)
    monkeypatch.setattr(parallel, "MIN_BACKGROUND", 1)  # the run's routing in a fork server
    started = parallel.Background.__init__
    pools = []

    def counted(self, *args, **kwargs):
        started(self, *args, **kwargs)
        pools.append(self._pool)

    monkeypatch.setattr(parallel.Background, "__init__", counted)
    builders.run(world.campaign)
    assert pools and pools[0] is not None
    shared = _stored_suggestions(world.campaign)
    assert shared == alone
    assert any(rows for rows in shared.values())  # suggestions were made at all
    assert StoredRouter.objects.get(addressee=world.addressee).history > 0
