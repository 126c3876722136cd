"""Bulk merge from the queue (the one merge that keeps copies with a question of their own open)
and bulk actions too large for one request, run by a task with a progress page (decision 0521)."""

import re

import pytest
from django.urls import reverse

from heard.addresses.models import Address, AnswerTemplate, BulkAction
from heard.addresses.services import bulk as bulk_services
from heard.core.models import AuditEvent
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

CAMPAIGN = (
    "Dear President, we ask you to bring the mobilised men home and to limit their service "
    "to one year. The families have waited long enough for them."
)


@pytest.fixture
def office():
    """A campaign's primary, a plain copy, a copy without e-mail, and one that asks its own."""
    primary, responder = make.assigned_address(text=CAMPAIGN)
    here = primary.addressee
    plain, _code = make.address(to=here, text=CAMPAIGN)
    silent, _code = make.address(to=here, text=CAMPAIGN, email="")
    own, _code = make.address(
        to=here,
        text=CAMPAIGN + " My husband has served in unit 12345 since autumn 2022, please tell me "
        "when he comes home?",
    )
    return {
        "here": here,
        "responder": responder,
        "primary": primary,
        "plain": plain,
        "silent": silent,
        "own": own,
        "bulk": reverse("addresses:queue_bulk", args=[here.slug]),
    }


class Later:
    """Holds the task instead of running it, to look at the progress between chunks."""

    def enqueue(self, **kwargs):
        self.kwargs = kwargs


def chosen(office, *names, **extra) -> dict:
    return {"address": [office[name].pk for name in names], "action": "merge"} | extra


def status_of(address) -> str:
    return Address.objects.get(pk=address.pk).status


def test_a_bulk_merge_is_confirmed_with_what_is_merged_mailed_and_kept_open(client, office):
    client.force_login(office["responder"])

    shown = client.post(office["bulk"], chosen(office, "primary", "plain", "silent", "own"))

    body = shown.content.decode()
    assert shown.status_code == 200
    assert "2 addresses will change." in body
    assert "1 e-mail goes out to the applicants." in body
    assert "1 address stays open: it asks something of its own." in body
    assert office["primary"].number in body  # the earliest received is the primary
    listed = body.split("<ul>")[-1].split("</ul>")[0]
    assert office["plain"].number in listed
    assert office["primary"].number not in listed  # the primary is not among what changes
    assert status_of(office["plain"]) in Address.IN_PROGRESS  # nothing changed yet


def test_a_confirmed_bulk_merge_closes_the_copies_and_leaves_the_own_question_open(
    client, office
):
    client.force_login(office["responder"])

    done = client.post(
        office["bulk"], chosen(office, "plain", "silent", "own", "primary", confirm="yes")
    )

    assert done.status_code == 302
    merged = Address.objects.filter(merged_into=office["primary"])
    assert set(merged.values_list("pk", flat=True)) == {office["plain"].pk, office["silent"].pk}
    assert status_of(office["own"]) in Address.IN_PROGRESS
    assert AuditEvent.objects.filter(subject_id=office["own"].pk, verb="kept_open").exists()


def test_a_bulk_merge_takes_the_primary_by_its_number(client, office):
    client.force_login(office["responder"])

    client.post(
        office["bulk"],
        chosen(office, "primary", "plain", primary=office["silent"].number, confirm="yes"),
    )

    merged = Address.objects.filter(merged_into=office["silent"])
    assert set(merged.values_list("pk", flat=True)) == {office["primary"].pk, office["plain"].pk}


def test_a_bulk_merge_refuses_a_primary_number_of_another_office(client, office):
    stranger, _code = make.address(text=CAMPAIGN)
    client.force_login(office["responder"])

    refused = client.post(office["bulk"], chosen(office, "plain", primary=stranger.number))

    assert refused.status_code == 400
    assert status_of(office["plain"]) in Address.IN_PROGRESS


def test_a_large_bulk_action_runs_as_a_task_and_shows_its_progress(client, office, settings):
    settings.HEARD_QUEUE_BULK_INLINE_MAX = 2
    client.force_login(office["responder"])
    department = make.department(office["here"], "roads")
    data = chosen(office, "plain", "silent", "own", action="assign", department=department.pk)

    shown = client.post(office["bulk"], data)
    done = client.post(office["bulk"], data | {"confirm": "yes"})

    assert "changed in the background" in shown.content.decode()
    bulk = BulkAction.objects.get()
    assert done["Location"] == reverse("addresses:bulk_progress", args=[bulk.pk])
    page = client.get(done["Location"]).content.decode()
    assert "3 of 3 addresses done." in page and "3 addresses changed." in page
    assert Address.objects.filter(department=department).count() == 3


def test_the_same_large_bulk_action_submitted_twice_is_done_once(
    client, office, settings, monkeypatch
):
    settings.HEARD_QUEUE_BULK_INLINE_MAX = 1
    monkeypatch.setattr("heard.addresses.tasks.bulk_action_run", Later())
    client.force_login(office["responder"])
    template = AnswerTemplate.objects.create(addressee=office["here"], title="T", text="Soon.")
    data = chosen(office, "plain", "silent", action="answer", template=template.pk, confirm="yes")

    first = client.post(office["bulk"], data)
    second = client.post(office["bulk"], data)
    bulk_services.bulk_action_step(bulk_id=BulkAction.objects.get().pk)
    after_done = client.post(office["bulk"], data)

    assert first["Location"] == second["Location"]
    assert BulkAction.objects.count() == 1
    assert after_done.status_code == 302  # nothing left in progress to answer
    assert AuditEvent.objects.filter(verb="answered").count() == 2


def test_a_background_action_advances_a_chunk_at_a_time_and_a_repeated_step_changes_nothing(
    client, office, monkeypatch
):
    monkeypatch.setattr("heard.addresses.tasks.bulk_action_run", Later())
    monkeypatch.setattr(bulk_services, "CHUNK", 2)
    ids = [office[name].pk for name in ("plain", "silent", "own")]
    bulk, created = bulk_services.bulk_action_start(
        addressee=office["here"], actor=office["responder"], action="leave",
        params={"ground": "unreadable"}, address_ids=ids,
    )
    client.force_login(office["responder"])
    progress = reverse("addresses:bulk_progress", args=[bulk.pk])

    before = client.get(progress).content.decode()
    more = bulk_services.bulk_action_step(bulk_id=bulk.pk)
    halfway = client.get(progress).content.decode()
    last = bulk_services.bulk_action_step(bulk_id=bulk.pk)
    again = bulk_services.bulk_action_step(bulk_id=bulk.pk)

    assert created and "0 of 3 addresses done." in before
    assert more and "2 of 3 addresses done." in halfway
    assert not last and not again
    assert "Reload to see how far it has come" in halfway
    assert AuditEvent.objects.filter(verb="left_without_answer").count() == 3
    assert BulkAction.objects.get().changed == 3


def test_a_filter_matching_more_than_the_cap_is_refused_with_its_count(client, office, settings):
    settings.HEARD_QUEUE_BULK_MAX = 2
    client.force_login(office["responder"])

    refused = client.post(
        office["bulk"], {"scope": "filter", "filter": "queue=all", "action": "merge"}
    )

    assert refused.status_code == 400
    assert "one bulk action changes at most 2" in refused.content.decode()
    assert not BulkAction.objects.exists()


def test_the_progress_page_is_only_for_the_office_that_started_it(client, office, monkeypatch):
    monkeypatch.setattr("heard.addresses.tasks.bulk_action_run", Later())
    bulk, _created = bulk_services.bulk_action_start(
        addressee=office["here"], actor=office["responder"], action="leave",
        params={"ground": "unreadable"}, address_ids=[office["plain"].pk],
    )
    progress = reverse("addresses:bulk_progress", args=[bulk.pk])

    anonymous = client.get(progress)
    client.force_login(factories.user())
    no_role = client.get(progress)
    client.force_login(factories.responder(factories.addressee()))
    other_office = client.get(progress)

    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert no_role.status_code == 403
    assert other_office.status_code == 404


def test_the_queue_offers_the_topic_s_own_templates_first(client, office):
    topic = make.category(office["here"])
    Address.objects.filter(pk=office["plain"].pk).update(category=topic)
    AnswerTemplate.objects.create(addressee=office["here"], title="A general", text="x")
    AnswerTemplate.objects.create(addressee=office["here"], title="Z topic", text="y",
                                  category=topic)
    client.force_login(office["responder"])
    queue = reverse("addresses:queue", args=[office["here"].slug])

    plain = client.get(queue).content.decode()
    by_topic = client.get(queue, {"category": topic.pk}).content.decode()

    def titles(body):
        select = re.search(r'name="template".*?</select>', body, re.S).group(0)
        return re.findall(r">(A general|Z topic)<", select)

    assert titles(plain) == ["A general", "Z topic"]
    assert titles(by_topic) == ["Z topic", "A general"]
