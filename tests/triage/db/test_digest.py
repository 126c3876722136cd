"""The digest is worked out once per completed run and read from then on."""

import pytest
from django.urls import reverse

from heard.triage.models import Cluster, Digest
from tests.triage.db import builders

pytestmark = pytest.mark.django_db


def _digest_page(client, world, **params):
    client.force_login(world.responder)
    return client.get(reverse("triage:digest", args=[world.campaign.slug]), params)


def test_a_completed_run_leaves_its_digest_worked_out(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = builders.run(world.campaign)

    stored = Digest.objects.get(run=run)
    largest = Cluster.objects.filter(campaign=world.campaign).order_by("-size", "number").first()
    assert stored.figures["topics"][0]["size"] == largest.size
    assert sum(stored.figures["topics"][0]["by_day"]) == largest.size


def test_the_page_reads_the_stored_digest_and_works_out_a_missing_one_once(client, world):
    run = builders.run(world.campaign)
    Digest.objects.filter(run=run).delete()  # as for runs completed before digests were kept

    first = _digest_page(client, world)
    computed_at = Digest.objects.get(run=run).computed_at
    Cluster.objects.filter(campaign=world.campaign).update(terms=["changed", "since"])
    second = _digest_page(client, world)

    labels = [topic["label"] for topic in first.context["topics"]]
    assert [topic["label"] for topic in second.context["topics"]] == labels
    assert "changed, since" not in labels
    assert Digest.objects.get(run=run).computed_at == computed_at
    assert "Figures of the triage run completed on" in second.content.decode()


def test_the_digest_csv_names_the_examples_of_each_topic(client, world):
    builders.run(world.campaign)

    response = _digest_page(client, world, format="csv")

    lines = response.content.decode().splitlines()
    numbers = {address.number for address in world.mass + world.heating + world.roads_addresses}
    assert any(number in lines[1] for number in numbers)


def test_before_any_run_completes_the_digest_has_no_topics(client, world):
    response = _digest_page(client, world)

    assert response.status_code == 200
    assert "No topics yet: run the triage of the campaign first." in response.content.decode()
    assert not Digest.objects.exists()
