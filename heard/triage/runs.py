"""A full run over one campaign: load in batches, call the library, store in batches.

Storing replaces the campaign's previous results a batch per transaction (deletes of
CLEAR_BATCH rows, then groups with their keys, clusters, and LOAD_CHUNK addresses at a time), so
that a million addresses never sit in one long transaction holding locks and WAL. Only groups of
two or more are stored as groups; a lone address has no group.

While storing, the results are partial, and they are never shown: the run records
`store_started_at` first and is marked completed only in the last transaction, after every
batch. Until then (arrivals.stored_whole is False) the triage pages show no groups, topics or
suggestions (heard/triage/selectors.py), decisions on them are refused (services.py), and
arrivals do not join (arrivals.py). If the worker dies or a batch fails midway, the run stays
not completed (failed, or running until it is stale) and the partial rows stay hidden; the next
run (requested as usual; a run left running is failed as stale after services.STALE_AFTER)
clears every stored row of the campaign, batch by batch, before it stores anything, so nothing of
the broken store survives it. The overview shows the run's state meanwhile. Decision 0529.

Rows of addresses and group keys go in by COPY on PostgreSQL (bulk_create elsewhere), groups by
bulk_create (their ids are needed for their members).
"""

import json
from dataclasses import dataclass

import numpy as np
from django.db import connection, models, transaction

from heard.addresses.models import Address, Campaign
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.table_upkeep import table_upkeep
from heard.triage import incremental
from heard.triage.digest import digest_when_committed
from heard.triage.lib import group_reference, parallel
from heard.triage.lib.io import Record
from heard.triage.lib.normalise import normalise
from heard.triage.lib.own_question import asks_own_question
from heard.triage.lib.pipeline import StageRecorder, triage
from heard.triage.lib.routing import Routed, fit_and_suggest
from heard.triage.lib.template_join import shingles
from heard.triage.models import AddressTriage, Cluster, DuplicateGroup, GroupKey, TriageRun
from heard.triage.router_store import (
    RouterBundle,
    record_of,
    router_history,
    router_keep,
    router_rules,
)

LOAD_CHUNK = 10_000
STORE_BATCH = 2_000
CLEAR_BATCH = 5_000
CENTROID_SAMPLE = 200
# The newest categorised addresses of the addressee that teach the topics (lib/guidance.py).
TOPIC_HISTORY_LIMIT = 50_000


@dataclass
class Loaded:
    records: list[Record]
    received: np.ndarray  # epoch seconds, float64
    channels: list[str]


def load(campaign_id: int) -> Loaded:
    rows = (
        Address.objects.filter(campaign_id=campaign_id)
        .order_by("received_at", "pk")
        .values_list("pk", "text", "region__name_ru", "category_id", "channel", "received_at")
    )
    records, received, channels = [], [], []
    for pk, text, region, category, channel, received_at in rows.iterator(chunk_size=LOAD_CHUNK):
        records.append(record_of(text, region, category, channel, pk))
        received.append(received_at.timestamp())
        channels.append(channel)
    return Loaded(records, np.array(received, dtype=np.float64), channels)


def topic_history(addressee_id: int) -> list[Record]:
    """The addressee's categorised addresses (any campaign, answered or not), newest
    TOPIC_HISTORY_LIMIT: what its office already said the addresses are about."""
    rows = (
        Address.objects.filter(addressee_id=addressee_id, category__isnull=False)
        .order_by("-received_at", "-pk")
        .values_list("pk", "text", "category_id")[:TOPIC_HISTORY_LIMIT]
    )
    return [Record(id=pk, text=text or "", category=str(category))
            for pk, text, category in rows.iterator(chunk_size=LOAD_CHUNK)]


def _moment(seconds: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(float(seconds), tz=UTC)


def _clear(campaign_id: int) -> None:
    """Delete the campaign's stored results, CLEAR_BATCH rows per transaction."""
    for model in (AddressTriage, GroupKey, DuplicateGroup, Cluster):
        rows = model.objects.filter(campaign_id=campaign_id)
        while True:
            with transaction.atomic():
                ids = list(rows.values_list("pk", flat=True)[:CLEAR_BATCH])
                if not ids:
                    break
                model.objects.filter(pk__in=ids).delete()


def insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows (attname -> value; the model's defaults fill the rest) without reading their
    ids back: by COPY on PostgreSQL, a third of the time of bulk_create (decision 0516)."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**(defaults | row)) for row in rows],
                                  batch_size=STORE_BATCH)
        return
    json_fields = {field.attname for field in fields if isinstance(field, models.JSONField)}
    names = [field.attname for field in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
        f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 -- names from the model
    ) as copy:
        for row in rows:
            values = defaults | row
            copy.write_row([json.dumps(values[name]) if name in json_fields else values[name]
                            for name in names])


def template_rows(texts: list[str]) -> tuple[np.ndarray, list[int], np.ndarray]:
    """Signatures, shingle counts and band keys of templates (normalised texts)."""
    signatures = incremental.signatures_of(texts)
    return signatures, [len(shingles(text)) for text in texts], \
        incremental.template_band_keys(signatures)


def _groups(campaign: Campaign, loaded: Loaded, groups) -> dict[int, int]:
    """Store groups of two or more with their template's keys, STORE_BATCH groups per
    transaction; returns group number -> row id."""
    sizes = np.bincount(groups.group)
    positions = np.flatnonzero(sizes[groups.group] >= 2)
    if not len(positions):
        return {}
    member_groups = groups.group[positions]
    numbers = np.unique(member_groups)
    first = np.full(len(sizes), np.inf)
    last = np.full(len(sizes), -np.inf)
    np.minimum.at(first, member_groups, loaded.received[positions])
    np.maximum.at(last, member_groups, loaded.received[positions])
    channels: dict[int, set[str]] = {}
    for position in positions.tolist():
        channels.setdefault(int(groups.group[position]), set()).add(loaded.channels[position])
    primary_of = {int(groups.group[p]): int(p) for p in np.flatnonzero(groups.primary)}
    # A sample of each group's members, for the sentences they share.
    members: dict[int, list[int]] = {}
    for position in positions.tolist():
        sample = members.setdefault(int(groups.group[position]), [])
        if len(sample) < group_reference.SAMPLE:
            sample.append(position)
    ids: dict[int, int] = {}
    for start in range(0, len(numbers), STORE_BATCH):
        batch = numbers[start : start + STORE_BATCH]
        primaries = [primary_of[int(number)] for number in batch]
        templates = [int(groups.template[p]) for p in primaries]
        signatures, counts, keys = template_rows(
            [normalise(loaded.records[t].text) for t in templates])
        rows = [
            DuplicateGroup(
                campaign=campaign, primary_id=loaded.records[primary].id,
                template_id=loaded.records[template].id, size=int(sizes[number]),
                channels=sorted(channels[int(number)]), first_received_at=_moment(first[number]),
                last_received_at=_moment(last[number]),
                signature=incremental.signature_bytes(signature), template_shingles=count,
                reference=group_reference.reference_text(
                    loaded.records[template].text,
                    [loaded.records[p].text for p in members[int(number)]]),
            )
            for number, primary, template, signature, count in zip(
                batch, primaries, templates, signatures, counts, strict=True)
        ]
        with transaction.atomic():
            DuplicateGroup.objects.bulk_create(rows, batch_size=STORE_BATCH)
            insert_rows(GroupKey, [
                {"campaign_id": campaign.pk, "group_id": row.pk, "key": int(key)}
                for row, row_keys in zip(rows, keys, strict=True) for key in row_keys
            ])
        ids.update({int(number): row.pk for number, row in zip(batch, rows, strict=True)})
    return ids


def _clusters(campaign: Campaign, loaded: Loaded, result) -> dict[int, int]:
    labels = result.cluster_labels
    primaries = np.flatnonzero(result.groups.primary)
    generator = np.random.default_rng(0)
    rows = []
    for cluster in result.clustering.clusters:
        members = primaries[labels[primaries] == cluster.number]
        if len(members) > CENTROID_SAMPLE:
            members = generator.choice(members, size=CENTROID_SAMPLE, replace=False)
        texts = [normalise(loaded.records[p].text) for p in members]
        rows.append(Cluster(
            campaign=campaign, number=cluster.number, size=cluster.size, terms=cluster.terms,
            representative_ids=[loaded.records[p].id for p in cluster.representatives],
            centroid=incremental.centroid_build(texts),
        ))
    with transaction.atomic():
        Cluster.objects.bulk_create(rows, batch_size=STORE_BATCH)
    return {row.number: row.pk for row in rows}


def _addresses(campaign, loaded, result, group_ids, cluster_ids, bundle: RouterBundle,
               routed: Routed | None) -> None:
    """Store a row per address, LOAD_CHUNK per transaction, with the departments suggested by
    the second process (routed), or by the explicit rules alone when nothing was learnt."""
    now = clock.now()
    records = loaded.records
    for start in range(0, len(records), LOAD_CHUNK):
        batch = records[start : start + LOAD_CHUNK]
        suggestions = (bundle.rows(routed.rows(start, start + len(batch))) if routed is not None
                       else bundle.suggest(batch))
        rows = []
        for offset, (record, suggested) in enumerate(zip(batch, suggestions, strict=True)):
            position = start + offset
            group_id = group_ids.get(int(result.groups.group[position]))
            extra = result.extra[position] if group_id else ""
            rows.append({
                "address_id": record.id, "campaign_id": campaign.pk, "group_id": group_id,
                "is_primary": bool(group_id and result.groups.primary[position]),
                "cluster_id": cluster_ids.get(int(result.cluster_labels[position])),
                "suggestions": suggested,
                "suggestion": (AddressTriage.Suggestion.SUGGESTED if suggested
                               else AddressTriage.Suggestion.NONE),
                "origin": AddressTriage.Origin.RUN, "joined_at": now,
                "extra": extra, "own_question": bool(extra) and asks_own_question(extra),
            })
        with transaction.atomic():
            insert_rows(AddressTriage, rows)


def compute_and_store(run: TriageRun, *, encoder: bool | None) -> TriageRun:
    """Compute over the whole campaign, then replace its results batch by batch and complete the
    run in the last transaction (the module's docstring says what a crash midway leaves).

    The router is fitted on the addressee's routed history and suggests for every address in a
    second process (lib/parallel.py), while this one groups and clusters: on two cores the
    routing costs no wall time of its own (decision 0555)."""
    campaign = run.campaign
    recorder = StageRecorder()
    with recorder.stage("load"):
        loaded = load(campaign.pk)
        history = topic_history(campaign.addressee_id)
        routed_history = router_history(campaign.addressee_id)
        rules = router_rules(campaign.addressee_id)
    records = loaded.records
    routing = parallel.Background(
        fit_and_suggest, routed_history, rules, [r.text for r in records],
        [r.region for r in records], [r.category for r in records], size=len(records))
    # The topic history carries no departments: the pipeline does no routing of its own.
    try:
        result = triage(records, history=history, threshold=run.threshold, encoder=encoder,
                        recorder=recorder)
    except BaseException:
        routing.abandon()  # a failed run leaves no process computing behind it
        raise
    del history
    with recorder.stage("routing"):  # the wait for the second process, and storing the router
        (router, routed), routing_cpu = routing.result()
        bundle = router_keep(addressee_id=campaign.addressee_id, router=router,
                             history=len(routed_history))
    del routed_history
    # The second process's own CPU seconds (the recorder sees this process's only).
    recorder.stages["routing"]["cpu_seconds"] = round(
        recorder.stages["routing"]["cpu_seconds"] + routing_cpu, 3)
    run.store_started_at = clock.now()
    TriageRun.objects.filter(pk=run.pk).update(store_started_at=run.store_started_at)
    with recorder.stage("store"):
        _clear(campaign.pk)
        group_ids = _groups(campaign, loaded, result.groups)
        cluster_ids = _clusters(campaign, loaded, result)
        _addresses(campaign, loaded, result, group_ids, cluster_ids, bundle, routed)
    with recorder.stage("upkeep"):
        # Every address of the campaign was rewritten: the queue's index-only scans would read
        # each row's page until autovacuum comes round (heard/core/table_upkeep.py).
        kept = table_upkeep(Address)
    if not kept:  # SQLite, or inside a test's transaction: nothing was done, nothing to show
        del recorder.stages["upkeep"]
    stages = {name: stage["seconds"] for name, stage in recorder.stages.items()}
    with transaction.atomic():
        run.status = TriageRun.Status.COMPLETED
        run.finished_at = clock.now()
        run.addresses = len(loaded.records)
        run.groups, run.clusters = len(group_ids), len(cluster_ids)
        run.stages = stages
        run.save()
        audit_record(subject=run, verb="completed", data={"addresses": run.addresses})
        digest_when_committed(run_id=run.pk)
    return run
