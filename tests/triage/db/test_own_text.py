"""Campaign copies with the sender's own story, in the database mode: a run and arrivals group
them by the template they contain, keep each copy's own text, and a merge leaves open the copies
that ask something of their own."""

import pytest
from django.core import mail

from heard.addresses import services as address_services
from heard.addresses.models import Address
from heard.core.audit import audit_events_for
from heard.triage import incremental, selectors, services
from heard.triage.lib.normalise import normalise
from heard.triage.models import AddressTriage, DuplicateGroup, GroupKey, TriageRun
from heard.triage.tasks import triage_arrivals_join
from tests.triage.db import builders

pytestmark = pytest.mark.django_db

TEMPLATE = (
    "We, the families of the mobilised, ask the ministry of defence to set a fixed term of "
    "service for those called up in the partial mobilisation and to bring them home for rest "
    "and rotation. Our men have been at the front without leave for many months, their health "
    "is failing and their children grow up without them."
)
QUESTION = ("My husband Oleg has not been home since autumn 2022, unit 12345, nobody tells us "
            "where he is now. ")
STORY = "I live in Tver with my mother and my two sons and we all sign under this letter. "
TEMPLATE_LENGTH_STORY = (
    "I am writing from Kostroma where my husband worked as a driver before. Nobody asked us how "
    "we would live without him, our savings are gone and the bank calls me every week. The "
    "children ask for their father every evening and I do not know what to say to them, my "
    "mother helps as much as she can with her small pension. "
)


def _receive(world, text, email=""):
    address, _code = address_services.address_receive(
        addressee=world.addressee, text=text, channel=Address.Channel.WEB, applicant_name="Anna",
        email=email, received_at=builders.clock.now(), entered_by=None,
    )
    return address


def _campaign(world):
    """Two bare copies, two copies with a story, two with a question of their own."""
    return {
        "bare": [_receive(world, TEMPLATE, "bare1@example.org"), _receive(world, TEMPLATE)],
        "story": [_receive(world, TEMPLATE + " " + STORY, "story@example.org"),
                  _receive(world, STORY + TEMPLATE)],
        "question": [_receive(world, TEMPLATE + " " + QUESTION, "wife@example.org"),
                     _receive(world, QUESTION + TEMPLATE.lower())],
    }


def _row(address) -> AddressTriage:
    return AddressTriage.objects.get(address=address)


@pytest.fixture
def copies(world):
    made = _campaign(world)
    builders.run(world.campaign)
    return made


def test_a_run_groups_copies_with_stories_under_the_template_and_keeps_their_own_text(copies):
    group = _row(copies["bare"][0]).group
    assert group is not None
    members = {address.pk for kind in copies.values() for address in kind}
    assert set(AddressTriage.objects.filter(group=group).values_list("address_id", flat=True)) \
        == members
    assert group.template_id in {a.pk for a in copies["bare"]}
    assert group.template_shingles > 100
    assert _row(copies["bare"][1]).extra == ""
    assert "Tver" in _row(copies["story"][0]).extra
    assert "unit 12345" in _row(copies["question"][0]).extra
    assert [_row(a).own_question for a in copies["question"]] == [True, True]
    assert not any(_row(a).own_question for a in copies["story"] + copies["bare"])


def test_an_arrival_with_a_story_as_long_as_the_template_joins_the_group(copies, world):
    group = _row(copies["bare"][0]).group
    text = TEMPLATE_LENGTH_STORY + TEMPLATE + " Why is there still no answer from anyone?"
    # Whole-text similarity, the old rule, would have kept it out.
    signatures = incremental.signatures_of([normalise(TEMPLATE), normalise(text)])
    assert incremental.similarity(signatures[0], signatures[1]) < 0.6
    arrival = _receive(world, text)

    assert triage_arrivals_join.call() == 1

    row = _row(arrival)
    assert row.group_id == group.pk and row.origin == AddressTriage.Origin.ARRIVAL
    assert "Kostroma" in row.extra and "Why is there still no answer" in row.extra
    assert row.own_question


def test_arrivals_copying_a_new_template_form_a_group_with_that_template(copies, world):
    text = ("Residents of the Zarechny district demand that the city repairs the dam on the "
            "Volga before the spring flood, the water reached our houses twice in three years "
            "and nobody answers our letters, the dam has not been inspected since the war.")
    bare = _receive(world, text)
    longer = _receive(world, text + " " + QUESTION)
    triage_arrivals_join.call()
    group = _row(bare).group
    assert group is not None and _row(longer).group_id == group.pk
    assert group.template_id == bare.pk
    assert GroupKey.objects.filter(group=group).count() == incremental.NUM_PERM // 2
    assert "unit 12345" in _row(longer).extra and _row(longer).own_question


def test_a_merge_leaves_the_copies_with_a_question_open_and_linked(copies, world):
    group = _row(copies["bare"][0]).group
    preview = services.triage_group_merge_preview(group=group)
    primary = group.primary
    closed = [a for kind in ("bare", "story") for a in copies[kind] if a.pk != primary.pk]
    assert preview == {
        "addresses": len(closed),
        "emails": sum(1 for a in closed if a.email),
        "kept_open": 2,
    }
    mail.outbox.clear()

    outcome = services.triage_group_merge(group=group, actor=world.responder)

    assert (outcome.merged, outcome.kept_open) == (len(closed), 2)
    for address in copies["question"]:
        address.refresh_from_db()
        assert address.status in Address.IN_PROGRESS
        assert _row(address).group_id == group.pk and _row(address).kept_open_at is not None
        assert "kept_open" in [event.verb for event in audit_events_for(subject=address)]
        # Still routable and answerable on its own.
        address_services.address_assign(address=address, actor=world.responder,
                                        department=world.housing)
    for address in closed:
        address.refresh_from_db()
        assert address.status == Address.Status.MERGED
    mailed = {message.to[0] for message in mail.outbox}
    assert mailed == {a.email for a in closed if a.email}  # as many as the confirmation said
    assert list(audit_events_for(subject=group))[-1].data["kept_open"] == 2


def test_merging_again_does_nothing_more(copies, world):
    group = _row(copies["bare"][0]).group
    services.triage_group_merge(group=group, actor=world.responder)
    with pytest.raises(services.TransitionNotAllowed, match="Nothing to merge"):
        services.triage_group_merge(group=group, actor=world.responder)


def test_the_run_stores_in_batches_and_a_crash_midway_is_hidden_then_cleaned_by_the_next_run(
    copies, world, monkeypatch
):
    from heard.triage import runs

    first = TriageRun.objects.get()
    stored = AddressTriage.objects.filter(campaign=world.campaign).count()
    groups = DuplicateGroup.objects.filter(campaign=world.campaign).count()
    monkeypatch.setattr(runs, "LOAD_CHUNK", 3)
    monkeypatch.setattr(runs, "CLEAR_BATCH", 2)
    commits = []
    real_atomic = runs.transaction.atomic

    def counting_atomic(*args, **kwargs):
        commits.append(1)
        return real_atomic(*args, **kwargs)

    monkeypatch.setattr(runs.transaction, "atomic", counting_atomic)
    calls = {"n": 0}
    real_insert = runs.insert_rows

    def failing_insert(model, rows):
        if model is AddressTriage:
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("the worker died")
        return real_insert(model, rows)

    monkeypatch.setattr(runs, "insert_rows", failing_insert)
    with pytest.raises(RuntimeError):
        builders.run(world.campaign)
    broken = TriageRun.objects.exclude(pk=first.pk).get()
    assert broken.status == TriageRun.Status.FAILED and broken.store_started_at is not None
    # The first batch was committed on its own: the rows are partial now...
    partial = AddressTriage.objects.filter(campaign=world.campaign).count()
    assert 0 < partial < stored
    # ...so no page shows them, no decision acts on them, and arrivals wait.
    assert not selectors.results_shown(campaign=world.campaign)
    assert not selectors.clusters_by_size(campaign=world.campaign).exists()
    assert not selectors.mass_campaigns(campaign=world.campaign, min_size=2).exists()
    assert not selectors.suggestions_pending(campaign=world.campaign).exists()
    group = DuplicateGroup.objects.filter(campaign=world.campaign).first()
    assert selectors.duplicate_group(campaign=world.campaign, pk=group.pk) is None
    with pytest.raises(services.TransitionNotAllowed, match="replacing"):
        services.triage_group_merge(group=group, actor=world.responder)
    _receive(world, TEMPLATE + " " + STORY)
    assert triage_arrivals_join.call() == 0

    monkeypatch.setattr(runs, "insert_rows", real_insert)
    commits.clear()
    again = builders.run(world.campaign)

    assert again.status == TriageRun.Status.COMPLETED
    assert AddressTriage.objects.filter(campaign=world.campaign).count() == stored + 1
    assert DuplicateGroup.objects.filter(campaign=world.campaign).count() == groups
    assert _row(copies["question"][0]).own_question
    assert len(commits) > 5  # clearing, groups, clusters, each chunk of addresses, completion
    assert triage_arrivals_join.call() == 0  # nothing waits any more
    assert selectors.results_shown(campaign=world.campaign)
    assert selectors.mass_campaigns(campaign=world.campaign, min_size=2).count() == groups


def _url(name, world, **kwargs):
    from django.urls import reverse

    return reverse(f"triage:{name}", kwargs={"slug": world.campaign.slug, **kwargs})


def test_the_group_page_lists_copies_with_their_own_text_questions_first(client, copies, world):
    group = _row(copies["bare"][0]).group
    client.force_login(world.responder)

    page = client.get(_url("group", world, pk=group.pk)).content.decode()

    assert TEMPLATE[:60] in page
    page = page.split("<tbody>")[1]
    first_question = min(page.index(a.number) for a in copies["question"])
    assert all(first_question < page.index(a.number) for a in copies["story"] + copies["bare"])
    assert "unit 12345" in page and "I live in Tver" in page
    assert page.count("A question of its own:") == 2


def test_the_merge_confirmation_says_how_many_stay_open(client, copies, world):
    group = _row(copies["bare"][0]).group
    client.force_login(world.responder)

    page = client.post(_url("merge", world, pk=group.pk)).content.decode()

    assert "3 addresses will be merged into" in page
    assert "2 copies ask questions of their own: they stay open" in page
    assert "1 e-mail goes out now" in page
    assert not Address.objects.filter(status=Address.Status.MERGED).exists()
    done = client.post(_url("merge", world, pk=group.pk), {"confirm": "yes"}, follow=True)
    assert "2 copies with questions of their own stay open." in done.content.decode()


def test_the_address_page_shows_the_own_text_beside_the_template(client, copies, world):
    from django.urls import reverse

    client.force_login(world.responder)
    asking = copies["question"][0]
    group = _row(asking).group

    page = client.get(reverse("addresses:staff_detail", args=[asking.pk])).content.decode()

    assert f"Copy of group {group.pk}, with a question of its own." in page
    assert "Own text beyond the template:" in page and "unit 12345" in page
    assert "The group&#x27;s template" in page or "The group's template" in page
    bare = client.get(reverse("addresses:staff_detail", args=[copies["bare"][1].pk]))
    assert "This copy adds nothing to the template." in bare.content.decode()
