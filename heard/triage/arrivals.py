"""Addresses arriving after a run join its groups and clusters, a chunk at a time, no recompute.

An arrival joins the stored group whose template it contains, by the library's containment rule
as in file mode (candidates by the template's two-row LSH band keys, then the MinHash estimate,
then the exact shingles; of several, the template it shares most with; where three or more join
one group, its stored template must hold what most of them share, as a batch's root must);
arrivals that join no group are grouped among themselves, and groups of two or more are stored
with their template and its keys so that later arrivals find them. Each arrival keeps its own
text beyond its group's template (`extra`) and whether that asks a question of its own. Its
cluster is its group's, or else the nearest stored centroid. Its suggestion comes from the
addressee's stored router.

Groups stored by a run before templates were kept (no template, keys of the primary cut for
Jaccard) are found again after the next full run.
"""

from collections import defaultdict

import numpy as np
from django.db import transaction
from django.db.models import F

from heard.addresses.models import Address
from heard.core import clock
from heard.triage import incremental
from heard.triage.lib import group_reference, template_join
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.extra import TemplateShingles
from heard.triage.lib.group_template import ROOT_HOLD
from heard.triage.lib.normalise import normalise
from heard.triage.lib.own_question import asks_own_question
from heard.triage.models import AddressTriage, Cluster, DuplicateGroup, GroupKey, TriageRun
from heard.triage.router_store import record_of, router_load
from heard.triage.runs import STORE_BATCH, template_rows

JOIN_CHUNK = 2_000
# Arrivals that join one stored group in one chunk, from which the root check starts (the batch's
# majority template needs three members as well).
MAJORITY_OF = 3
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


def _template_texts(groups) -> dict[int, str]:
    """Group id -> its template's text (the primary's for groups stored without a template)."""
    address_of = {pk: group.template_id or group.primary_id for pk, group in groups.items()}
    wanted = sorted(set(address_of.values()))
    texts: dict[int, str] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        texts.update(Address.objects.filter(pk__in=wanted[start : start + _IN_CHUNK])
                     .values_list("pk", "text"))
    return {pk: texts.get(address_id) or "" for pk, address_id in address_of.items()}


def _match(campaign_id, texts, sig, keys, threshold) -> tuple[list[int | None], dict[int, str]]:
    """Per arrival, the stored group whose template it contains (the library's rule: candidates
    by band keys and the MinHash estimate, then the exact shingles); and the templates' texts."""
    by_key = _candidates(campaign_id, keys)
    candidate_ids = set().union(*by_key.values()) if by_key else set()
    groups = (
        DuplicateGroup.objects.only("pk", "signature", "template_shingles", "template_id",
                                    "primary_id").in_bulk(list(candidate_ids))
        if candidate_ids else {}
    )
    order = sorted(groups)
    row_of = {pk: row for row, pk in enumerate(order)}
    template_sigs = np.array([incremental.signature_from(groups[pk].signature) for pk in order],
                             dtype=np.uint32).reshape(len(order), sig.shape[1])
    template_sizes = np.array([groups[pk].template_shingles for pk in order], dtype=np.float64)
    copies = [template_join.shingles(text) for text in texts]
    survivors: list[list[int]] = []
    for index, row_keys in enumerate(keys):
        ids = sorted(set().union(*(by_key.get(int(k), set()) for k in row_keys)))
        if ids:
            rows = np.array([row_of[pk] for pk in ids])
            estimate = (template_sigs[rows] == sig[index]).mean(axis=1)
            sizes = template_sizes[rows]
            # Groups stored before templates had no shingle count: the exact check decides.
            passing = template_join.may_join(sizes, np.full(len(ids), len(copies[index])),
                                             estimate, threshold) | (sizes == 0)
            ids = [pk for pk, keep in zip(ids, passing, strict=True) if keep]
        survivors.append(ids)
    wanted = {pk for ids in survivors for pk in ids}
    template_texts = _template_texts({pk: groups[pk] for pk in wanted})
    template_shingles = {pk: template_join.shingles(normalise(text))
                         for pk, text in template_texts.items()}
    matches = [
        template_join.best_template(copy, [(pk, template_shingles[pk]) for pk in ids], threshold)
        for copy, ids in zip(copies, survivors, strict=True)
    ]
    return _where_root_holds(matches, copies, template_shingles), template_texts


def _where_root_holds(matches, copies, template_shingles) -> list[int | None]:
    """The batch's root check (decision 0526) for arrivals: where MAJORITY_OF or more arrivals
    join one stored group, the shingles most of them hold are their template, and the group's
    stored template must hold ROOT_HOLD of it; where it does not (a short letter that the copies
    of a new campaign quote), the arrivals that hold ROOT_HOLD of what most share join no stored
    group and are grouped among themselves by the library's rules, which give them a root of
    their own; the others stay (decision 0528)."""
    joined: dict[int, list[int]] = defaultdict(list)
    for index, group_id in enumerate(matches):
        if group_id is not None:
            joined[group_id].append(index)
    matches = list(matches)
    for group_id, indices in joined.items():
        if len(indices) < MAJORITY_OF:
            continue
        counts: dict[str, int] = defaultdict(int)
        for index in indices:
            for shingle in copies[index]:
                counts[shingle] += 1
        template = {shingle for shingle, count in counts.items() if count * 2 > len(indices)}
        if len(template & template_shingles[group_id]) < ROOT_HOLD * len(template):
            # Those that hold what most share leave; a copy of the stored template stays.
            for index in indices:
                if len(copies[index] & template) >= ROOT_HOLD * len(template):
                    matches[index] = None
    return matches


def _new_groups(campaign, rows, texts, matches, threshold, template_texts) -> None:
    """Group the unmatched arrivals among themselves; store groups of two or more, with their
    template (the library's choice) and its keys."""
    loose = [i for i, match in enumerate(matches) if match is None]
    if len(loose) < 2:
        return
    groups = group_duplicates([texts[i] for i in loose], threshold=threshold)
    sizes = groups.sizes()
    created: dict[int, DuplicateGroup] = {}
    templates: list[int] = []
    for position, index in enumerate(loose):
        number = int(groups.group[position])
        if sizes[number] < 2 or not groups.primary[position]:
            continue
        template = loose[int(groups.template[position])]
        templates.append(template)
        created[number] = DuplicateGroup(
            campaign=campaign, primary_id=rows[index][0], template_id=rows[template][0], size=0,
            channels=[], first_received_at=rows[index][5], last_received_at=rows[index][5],
        )
    if not created:
        return
    signatures, counts, keys = template_rows([texts[i] for i in templates])
    members: dict[int, list[str]] = defaultdict(list)
    for position, index in enumerate(loose):
        members[int(groups.group[position])].append(rows[index][1] or "")
    for (number, group), template, signature, count in zip(
            created.items(), templates, signatures, counts, strict=True):
        group.signature = incremental.signature_bytes(signature)
        group.template_shingles = count
        group.reference = group_reference.reference_text(rows[template][1] or "", members[number])
    DuplicateGroup.objects.bulk_create(created.values(), batch_size=STORE_BATCH)
    made = list(created.values())
    GroupKey.objects.bulk_create(
        (GroupKey(campaign=campaign, group=group, key=int(key))
         for group, row_keys in zip(made, keys, strict=True) for key in row_keys),
        batch_size=STORE_BATCH,
    )
    for group in made:
        template_texts[group.pk] = group.reference
    for position, index in enumerate(loose):
        group = created.get(int(groups.group[position]))
        if group is not None:
            matches[index] = group.pk


def _references(matches, template_texts) -> dict[int, str]:
    """Group id -> what its copies' own text is measured against (the stored reference, or the
    template's text for groups stored without one)."""
    wanted = {group_id for group_id in matches if group_id is not None}
    stored = dict(DuplicateGroup.objects.filter(pk__in=wanted).exclude(reference="")
                  .values_list("pk", "reference"))
    return {pk: stored.get(pk) or template_texts.get(pk, "") for pk in wanted}


def _extras(rows, matches, references) -> list[str]:
    """Each arrival's own text beyond its group's reference ("" outside a group); the group's
    template itself adds nothing."""
    templates: dict[int, TemplateShingles] = {}
    extras = []
    for row, group_id in zip(rows, matches, strict=True):
        if group_id is None:
            extras.append("")
            continue
        if group_id not in templates:
            templates[group_id] = TemplateShingles(references.get(group_id, ""))
        extras.append(templates[group_id].own_text(row[1] or ""))
    return extras


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


def stored_whole(campaign_id: int) -> bool:
    """False while the campaign's results are partial: the latest run that began replacing them
    did not complete (it is storing, or failed or died midway; the next run clears them)."""
    latest = (TriageRun.objects.filter(campaign_id=campaign_id, store_started_at__isnull=False)
              .order_by("-store_started_at", "-pk").values_list("status", flat=True).first())
    return latest in (None, TriageRun.Status.COMPLETED)


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
    ).exists() or not stored_whole(campaign_id):
        return 0
    campaign = run.campaign
    with transaction.atomic():
        rows = _arrivals(campaign_id, limit)
        if not rows:
            return 0
        texts = [normalise(row[1] or "") for row in rows]
        sig = incremental.signatures_of(texts)
        keys = incremental.template_band_keys(sig)
        matches, template_texts = _match(campaign_id, texts, sig, keys, run.threshold)
        _new_groups(campaign, rows, texts, matches, run.threshold, template_texts)
        extras = _extras(rows, matches, _references(matches, template_texts))
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
                extra=extra, own_question=asks_own_question(extra),
            )
            for row, group_id, cluster_id, suggested, extra in zip(
                rows, matches, clusters, suggestions, extras, strict=True)
        ], batch_size=STORE_BATCH)
        counts: dict[int, int] = defaultdict(int)
        for cluster_id in clusters:
            if cluster_id is not None:
                counts[cluster_id] += 1
        for cluster_id, count in counts.items():
            Cluster.objects.filter(pk=cluster_id).update(size=F("size") + count)
    return len(rows)
