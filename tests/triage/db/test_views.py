import pytest
from django.db import connection
from django.urls import reverse

from heard.addresses import selectors as address_selectors
from heard.addresses.models import Address
from heard.triage.models import AddressTriage, DuplicateGroup, TriageRun
from tests import factories
from tests.addresses import factories as address_factories
from tests.triage.db import builders

pytestmark = pytest.mark.django_db


def _url(name: str, world, *args) -> str:
    return reverse(f"triage:{name}", args=[world.campaign.slug, *args])


@pytest.mark.parametrize("name", ["overview", "clusters", "digest", "mass", "suggestions"])
def test_anonymous_visitors_are_sent_to_log_in(client, world, name):
    response = client.get(_url(name, world))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ["overview", "clusters", "digest", "mass", "suggestions"])
def test_non_staff_are_refused_and_other_offices_find_nothing(client, world, name):
    client.force_login(factories.user())
    assert client.get(_url(name, world)).status_code == 403
    client.force_login(factories.responder(factories.addressee()))
    assert client.get(_url(name, world)).status_code == 404


def test_a_stranger_cannot_run_or_merge(client, triaged):
    client.force_login(factories.responder(factories.addressee()))
    group = DuplicateGroup.objects.get(primary=triaged.mass[0])
    assert client.post(_url("run", triaged)).status_code == 404
    assert client.post(_url("merge", triaged, group.pk)).status_code == 404
    assert TriageRun.objects.count() == 1


def test_the_run_button_queues_a_run_that_completes(client, world):
    client.force_login(world.responder)
    page = client.get(_url("overview", world))
    assert b"Run the triage" in page.content
    response = client.post(_url("run", world), follow=True)
    assert TriageRun.objects.get().status == TriageRun.Status.COMPLETED
    assert b"Seconds per stage" in response.content
    page = response.content.decode()
    assert "finding near-duplicates" in page and "storing the results" in page
    assert '<th scope="row">duplicates</th>' not in page


def test_clusters_page_lists_terms_and_representative_texts_by_size(client, triaged):
    client.force_login(triaged.responder)
    content = client.get(_url("clusters", triaged)).content.decode()
    assert "Rechnaya district" in content or "heating" in content
    assert content.count("<ol>") >= 2


def test_administrators_see_the_mass_campaigns_with_size_channels_and_span(client, triaged):
    client.force_login(factories.administrator())
    response = client.get(_url("mass", triaged), {"min_size": 2})
    content = response.content.decode()
    assert triaged.mass[0].number in content
    assert "phone, sms, web" in content
    assert "Merge into the primary" in content


def test_a_bad_minimum_size_shows_the_default_list_not_an_error(client, triaged):
    client.force_login(triaged.responder)
    assert client.get(_url("mass", triaged), {"min_size": "lots"}).status_code == 200


def test_merging_from_the_page_asks_first_and_says_how_many_are_mailed(client, triaged):
    client.force_login(triaged.responder)
    group = DuplicateGroup.objects.get(primary=triaged.mass[0])
    mailed = Address.objects.filter(triage__group=group).exclude(pk=group.primary_id)
    mailed = mailed.exclude(email="").count()

    asked = client.post(_url("merge", triaged, group.pk), {"min_size": "2"})

    page = asked.content.decode()
    assert "5 addresses will be merged into" in page
    assert f"{mailed} e-mail" in page
    assert not Address.objects.filter(status=Address.Status.MERGED).exists()
    response = client.post(
        _url("merge", triaged, group.pk), {"min_size": "2", "confirm": "yes"}, follow=True
    )
    assert "5 addresses merged into their primary" in response.content.decode()
    assert Address.objects.filter(status=Address.Status.MERGED).count() == 5
    again = client.post(_url("merge", triaged, group.pk), {"confirm": "yes"}, follow=True)
    assert "Nothing to merge" in again.content.decode()


def test_merging_an_unknown_group_says_so(client, triaged):
    client.force_login(triaged.responder)
    response = client.post(_url("merge", triaged, 10**9), {"confirm": "yes"}, follow=True)
    assert "not in this campaign" in response.content.decode()


def test_bulk_accept_from_the_page(client, triaged):
    client.force_login(triaged.responder)
    page = client.get(_url("suggestions", triaged))
    assert f'for="address-{triaged.heating[0].pk}"'.encode() in page.content
    chosen = [str(a.pk) for a in triaged.heating]
    response = client.post(_url("suggestions", triaged), {"action": "accept", "address": chosen})
    assert response.status_code == 302
    assert Address.objects.filter(pk__in=chosen, department=triaged.housing).count() == 4


def test_bulk_override_from_the_page(client, triaged):
    client.force_login(triaged.responder)
    address = triaged.heating[0]
    response = client.post(_url("suggestions", triaged), {
        "action": "override", "department": triaged.roads.pk, "address": [address.pk]})
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.department == triaged.roads


@pytest.mark.parametrize("data, status, message", [
    ({"action": "accept"}, 409, "Select at least one address."),
    ({"action": "accept", "address": ["999999999"]}, 409, "not in this campaign"),
    ({"action": "accept", "address": ["abc"]}, 409, "not a list of addresses"),
    ({"action": "override", "address": ["1"]}, 400, "Choose the department"),
    ({"action": "explode", "address": ["1"]}, 400, "Select a valid choice"),
])
def test_bad_decisions_get_a_clear_message_and_change_nothing(client, triaged, data, status,
                                                              message):
    client.force_login(triaged.responder)
    response = client.post(_url("suggestions", triaged), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not AddressTriage.objects.exclude(suggestion__in=AddressTriage.UNDECIDED).exists()


def test_a_department_of_another_addressee_is_refused_on_the_page(client, triaged):
    client.force_login(triaged.responder)
    foreign = address_factories.department(factories.addressee(), "foreign")
    response = client.post(_url("suggestions", triaged), {
        "action": "override", "department": foreign.pk, "address": [triaged.heating[0].pk]})
    assert response.status_code == 400
    assert f"Choose a department of {triaged.addressee.name}" in response.content.decode()
    triaged.heating[0].refresh_from_db()
    assert triaged.heating[0].department is None


def test_the_index_lists_only_campaigns_the_user_handles(client, triaged):
    client.force_login(triaged.responder)
    assert triaged.campaign.title in client.get(reverse("triage:index")).content.decode()
    client.force_login(factories.user())
    assert client.get(reverse("triage:index")).status_code == 403


@pytest.mark.parametrize("cluster", ["9" * 30, "²", "-1", "0"])
def test_odd_cluster_ids_show_the_page_without_a_cluster(client, triaged, cluster):
    client.force_login(triaged.responder)

    response = client.get(_url("suggestions", triaged), {"cluster": cluster})

    assert response.status_code == 200


def test_an_id_past_the_databases_integers_is_not_found(client, triaged):
    client.force_login(triaged.responder)
    merge = reverse("triage:merge", kwargs={"slug": triaged.campaign.slug, "pk": 1})

    response = client.post(merge.replace("/1/", f"/{10**30}/"))

    assert response.status_code == 404


def test_the_digest_lists_topics_with_sizes_regions_days_and_examples(client, triaged):
    from heard.triage.models import Cluster

    client.force_login(triaged.responder)
    page = client.get(_url("digest", triaged)).content.decode()
    printable = client.get(_url("digest", triaged), {"print": "1"}).content.decode()
    csv = client.get(_url("digest", triaged), {"format": "csv"})

    largest = Cluster.objects.filter(campaign=triaged.campaign).order_by("-size").first()
    assert f"{largest.size} addresses" in page and "Arrivals by day" in page
    assert "Printable page" not in printable
    lines = csv.content.decode().splitlines()
    assert csv["Content-Type"].startswith("text/csv") and lines[0].startswith("topic,size,regions")
    assert len(lines) == 1 + Cluster.objects.filter(campaign=triaged.campaign).count()


def test_the_overview_counts_addresses_arrived_after_the_run_as_waiting(client, triaged):
    late = builders.receive(triaged.addressee, "A question nobody asked before the run.")
    AddressTriage.objects.filter(address=late).delete()  # the arrival not joined yet
    client.force_login(triaged.responder)

    response = client.get(_url("overview", triaged))

    assert response.context["counts"]["waiting"] == 1
    assert "Waiting to be joined: 1<" in response.content.decode()


def test_the_overview_says_about_when_a_figure_is_an_estimate(client, triaged, monkeypatch):
    monkeypatch.setattr(address_selectors, "EXACT_COUNT_UP_TO", 2)
    client.force_login(triaged.responder)

    content = client.get(_url("overview", triaged)).content.decode()

    triaged_rows = AddressTriage.objects.filter(campaign=triaged.campaign).count()
    if connection.vendor == "postgresql":
        assert "Triaged: about " in content
    else:
        assert f"Triaged: {triaged_rows}<" in content


def test_the_suggestions_pages_reach_every_pending_address_when_counted_by_estimate(
    client, triaged, monkeypatch
):
    from heard.triage import views

    monkeypatch.setattr(address_selectors, "EXACT_COUNT_UP_TO", 1)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    pending = set(AddressTriage.objects.filter(
        campaign=triaged.campaign, suggestion__in=AddressTriage.UNDECIDED,
        address__status__in=Address.ASSIGNABLE).values_list("address_id", flat=True))
    client.force_login(triaged.responder)
    seen = []
    for number in range(1, 30):
        page = client.get(_url("suggestions", triaged), {"page": number}).context["page"]
        if page.number < number or not page.object_list:
            break
        seen += [row.address_id for row in page.object_list]
        if not page.has_next():
            break

    assert len(pending) > 2
    assert sorted(seen) == sorted(pending)
