"""Addresses arriving after a run join its groups and clusters, a chunk at a time, no recompute.

An arrival joins the stored group whose primary it resembles most (candidates by LSH band keys,
then the estimated Jaccard similarity against the threshold of the run); arrivals that join no
group are grouped among themselves, and groups of two or more are stored with their keys so that
later arrivals find them. Its cluster is its group's, or else the nearest stored centroid. Its
suggestion comes from the addressee's stored router.
"""

from collections import defaultdict

import numpy as np
from django.db import transaction
from django.db.models import F

from heard.addresses.models import Address
from heard.core import clock
from heard.triage import incremental
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise
from heard.triage.models import AddressTriage, Cluster, DuplicateGroup, GroupKey, TriageRun
from heard.triage.router_store import record_of, router_load
from heard.triage.runs import STORE_BATCH

JOIN_CHUNK = 2_000
_IN_CHUNK = 500


def _arrivals(campaign_id: int, limit: int) -> list[tuple]:
    return list(
        Address.objects.filter(campaign_id=campaign_id, triage__isnull=True)
        .order_by("received_at", "pk")
        .values_list("pk", "text", "region__name_ru", "category_id", "channel", "received_at")[
            :limit
        ]
    )


def _candidates(campaign_id: int, keys: np.ndarray) -> dict[int, set[int]]:
    """Band key -> ids of groups whose primary has that key."""
    found: dict[int, set[int]] = defaultdict(set)
    unique = [int(key) for key in np.unique(keys)]
    for start in range(0, len(unique), _IN_CHUNK):
        rows = GroupKey.objects.filter(
            campaign_id=campaign_id, key__in=unique[start : start + _IN_CHUNK]
        ).values_list("key", "group_id")
        for key, group_id in rows:
            found[key].add(group_id)
    return found


def _match(campaign_id, sig, keys, threshold) -> list[int | None]:
    by_key = _candidates(campaign_id, keys)
    candidate_ids = set().union(*by_key.values()) if by_key else set()
    groups = DuplicateGroup.objects.in_bulk(list(candidate_ids)) if candidate_ids else {}
    primaries = {pk: incremental.signature_from(g.signature) for pk, g in groups.items()}
    matches: list[int | None] = []
    for row_sig, row_keys in zip(sig, keys, strict=True):
        best, best_score = None, threshold
        for group_id in set().union(*(by_key.get(int(k), set()) for k in row_keys)):
            score = incremental.similarity(row_sig, primaries[group_id])
            if score >= best_score:
                best, best_score = group_id, score
        matches.append(best)
    return matches


def _new_groups(campaign, rows, texts, sig, matches, threshold) -> None:
    """Group the unmatched arrivals among themselves; store groups of two or more."""
    loose = [i for i, match in enumerate(matches) if match is None]
    if len(loose) < 2:
        return
    groups = group_duplicates([texts[i] for i in loose], threshold=threshold)
    sizes = groups.sizes()
    created: dict[int, DuplicateGroup] = {}
    primary_sigs = []
    for position, index in enumerate(loose):
        number = int(groups.group[position])
        if sizes[number] < 2 or not groups.primary[position]:
            continue
        primary_sigs.append(sig[index])
        created[number] = DuplicateGroup(
            campaign=campaign, primary_id=rows[index][0], size=0, channels=[],
            first_received_at=rows[index][5], last_received_at=rows[index][5],
            signature=incremental.signature_bytes(sig[index]),
        )
    if not created:
        return
    DuplicateGroup.objects.bulk_create(created.values(), batch_size=STORE_BATCH)
    made = list(created.values())
    keys = incremental.band_keys(np.array(primary_sigs), threshold)
    GroupKey.objects.bulk_create(
        (GroupKey(campaign=campaign, group=group, key=int(key))
         for group, row_keys in zip(made, keys, strict=True) for key in row_keys),
        batch_size=STORE_BATCH,
    )
    for position, index in enumerate(loose):
        group = created.get(int(groups.group[position]))
        if group is not None:
            matches[index] = group.pk


def _grow_groups(matches, rows) -> dict[int, int]:
    """Sizes, channels and time spans of the groups the arrivals joined; returns each joined
    group's primary address id (read once here for the steps after)."""
    joined: dict[int, list[int]] = defaultdict(list)
    for index, group_id in enumerate(matches):
        if group_id is not None:
            joined[group_id].append(index)
    groups = DuplicateGroup.objects.in_bulk(list(joined))
    for group_id, indices in joined.items():
        group = groups[group_id]
        moments = [rows[i][5] for i in indices]
        group.size += len(indices)
        group.channels = sorted(set(group.channels) | {rows[i][4] for i in indices})
        group.first_received_at = min([group.first_received_at, *moments])
        group.last_received_at = max([group.last_received_at, *moments])
    DuplicateGroup.objects.bulk_update(
        groups.values(), ["size", "channels", "first_received_at", "last_received_at"],
        batch_size=STORE_BATCH,
    )
    return {group_id: group.primary_id for group_id, group in groups.items()}


def _clusters_for(campaign_id, texts, matches, primaries) -> list[int | None]:
    cluster_of_address = dict(
        AddressTriage.objects.filter(address_id__in=set(primaries.values()))
        .values_list("address_id", "cluster_id")
    )
    stored = list(Cluster.objects.filter(campaign_id=campaign_id).values_list("pk", "centroid"))
    nearest = incremental.nearest(
        texts, incremental.centroid_matrix([centroid for _, centroid in stored])
    )
    result = []
    for index, group_id in enumerate(matches):
        cluster_id = cluster_of_address.get(primaries.get(group_id)) if group_id else None
        if cluster_id is None and nearest[index] >= 0:
            cluster_id = stored[nearest[index]][0]
        result.append(cluster_id)
    return result


def arrivals_join(*, campaign_id: int, limit: int = JOIN_CHUNK) -> int:
    """Join up to `limit` untriaged addresses of a campaign with a completed run; returns how many.

    The caller holds the campaign's lock (heard.triage.locks); on SQLite the transaction is
    taken for writing at its start, so two joins cannot interleave either.
    """
    run = TriageRun.objects.filter(
        campaign_id=campaign_id, status=TriageRun.Status.COMPLETED
    ).select_related("campaign").first()
    if run is None or TriageRun.objects.filter(
        campaign_id=campaign_id, status=TriageRun.Status.RUNNING
    ).exists():
        return 0
    campaign = run.campaign
    with transaction.atomic():
        rows = _arrivals(campaign_id, limit)
        if not rows:
            return 0
        texts = [normalise(row[1] or "") for row in rows]
        sig = incremental.signatures_of(texts)
        keys = incremental.band_keys(sig, run.threshold)
        matches = _match(campaign_id, sig, keys, run.threshold)
        _new_groups(campaign, rows, texts, sig, matches, run.threshold)
        primaries = _grow_groups(matches, rows)
        clusters = _clusters_for(campaign_id, texts, matches, primaries)
        records = [record_of(text, region, category, channel, pk)
                   for pk, text, region, category, channel, _ in rows]
        suggestions = router_load(addressee_id=campaign.addressee_id).suggest(records)
        primary_ids = set(primaries.values())
        now = clock.now()
        AddressTriage.objects.bulk_create([
            AddressTriage(
                address_id=row[0], campaign_id=campaign_id, group_id=group_id,
                is_primary=row[0] in primary_ids, cluster_id=cluster_id, suggestions=suggested,
                suggestion=(AddressTriage.Suggestion.SUGGESTED if suggested
                            else AddressTriage.Suggestion.NONE),
                origin=AddressTriage.Origin.ARRIVAL, joined_at=now,
            )
            for row, group_id, cluster_id, suggested in zip(
                rows, matches, clusters, suggestions, strict=True)
        ], batch_size=STORE_BATCH)
        counts: dict[int, int] = defaultdict(int)
        for cluster_id in clusters:
            if cluster_id is not None:
                counts[cluster_id] += 1
        for cluster_id, count in counts.items():
            Cluster.objects.filter(pk=cluster_id).update(size=F("size") + count)
    return len(rows)
