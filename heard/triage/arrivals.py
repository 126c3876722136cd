"""Addresses arriving after a run join its groups and clusters, a chunk at a time, no recompute.

An arrival joins the stored group whose template it contains, by the library's containment rule
as in file mode (candidates by the template's two-row LSH band keys, then the MinHash estimate,
then the exact shingles; of several, the template it shares most with; where three or more join
one group, its stored template must hold what most of them share, as a batch's root must; and
their particulars must be its copies', decision 0582); arrivals that join no template are
grouped by the batch's rules with a sample of their nearest groups' copies, and join the group
those copies belong to (decision 0583); the rest are grouped among themselves, and groups of two
or more are stored with their template and its keys so that later arrivals find them. Each
arrival keeps its own text beyond its group's template (`extra`) and whether that asks a
question of its own. Its cluster is its group's, or else the nearest stored centroid. Its
suggestion comes from the addressee's stored router.

Groups stored by a run before templates were kept (no template, keys of the primary cut for
Jaccard) are found again after the next full run.
"""

from collections import Counter, defaultdict

import numpy as np
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from heard.addresses.models import Address
from heard.core import clock
from heard.triage import incremental
from heard.triage.lib import group_reference, particulars, template_join
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
# The stored members (the earliest) that an arrival's particulars are weighed against (0582).
STORED_SAMPLE = 60
# How many times an arrival refused by a group's particulars tries its next best template.
REMATCHES = 2
# An arrival that joins no template is grouped with this many stored members of each of its
# nearest groups by the batch's rules (0583).
NEAR_GROUPS = 3
NEAR_SAMPLE = 16
# Nearest means a MinHash estimate of NEAR_ESTIMATE or more (a whole copy with a story twice
# the template's length has a third of its shingles in common with it), and the batch reads at
# most NEAR_TEXTS stored texts per chunk.
NEAR_ESTIMATE = 0.1
NEAR_TEXTS = 4_000


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
                                    "primary_id", "size").in_bulk(list(candidate_ids))
        if candidate_ids else {}
    )
    order = sorted(groups)
    row_of = {pk: row for row, pk in enumerate(order)}
    template_sigs = np.array([incremental.signature_from(groups[pk].signature) for pk in order],
                             dtype=np.uint32).reshape(len(order), sig.shape[1])
    template_sizes = np.array([groups[pk].template_shingles for pk in order], dtype=np.float64)
    copies = [template_join.shingles(text) for text in texts]
    survivors: list[list[int]] = []
    near: list[list[tuple[float, int]]] = []
    for index, row_keys in enumerate(keys):
        ids = sorted(set().union(*(by_key.get(int(k), set()) for k in row_keys)))
        near.append([])
        if ids:
            rows = np.array([row_of[pk] for pk in ids])
            estimate = (template_sigs[rows] == sig[index]).mean(axis=1)
            closest = np.argsort(-estimate, kind="stable")[:NEAR_GROUPS]
            near[index] = [(float(estimate[i]), ids[i]) for i in closest
                           if estimate[i] >= NEAR_ESTIMATE]
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
    candidates = [[(pk, template_shingles[pk]) for pk in ids] for ids in survivors]
    matches = [template_join.best_template(copy, options, threshold)
               for copy, options in zip(copies, candidates, strict=True)]
    held = _where_root_holds(matches, copies, template_shingles)
    # A group an arrival was refused by (its root's check, its particulars) is not joined later.
    refused: dict[int, set[int]] = defaultdict(set)
    for index, (was, now) in enumerate(zip(matches, held, strict=True)):
        if was is not None and now is None:
            refused[index].add(was)
    matches = held
    # An arrival whose particulars are not its group's tries its next best template (its own
    # franchise's group, stored by the run), which is weighed in turn.
    stored: dict[int, list[str]] = {}
    group_sizes = {pk: group.size for pk, group in groups.items()}
    weighed = None
    for attempt in range(REMATCHES + 1):
        agreed = _where_particulars_agree(matches, texts, group_sizes, stored, weighed)
        weighed = set()
        for index, (was, now) in enumerate(zip(matches, agreed, strict=True)):
            if attempt == REMATCHES or was is None or now is not None:
                continue
            refused[index].add(was)
            options = [option for option in candidates[index] if option[0] not in refused[index]]
            agreed[index] = template_join.best_template(copies[index], options, threshold)
            if agreed[index] is not None:
                weighed.add(agreed[index])
        matches = agreed
        if not weighed:
            break
    return _through_the_batch(matches, texts, near, refused, stored, threshold), template_texts


def _through_the_batch(matches, texts, near, refused, stored, threshold) -> list[int | None]:
    """The arrivals that join no stored group by its template are grouped, by the library's
    batch rules (heard.triage.lib.duplicates: rounds, versions, fragments, particulars), with
    NEAR_SAMPLE stored members of each of their NEAR_GROUPS nearest groups (by the MinHash
    estimate); one grouped with stored members joins the group most of those belong to, of
    the groups that did not refuse it (refused: by their root's check or its particulars;
    decision 0583). A copy of a campaign's other version, or one whose story is as long as
    the template, need not contain the one text a group stores as its template; the batch
    finds it by the campaign's other copies, as file mode does. stored holds the earliest
    members already read for the particulars; only the other groups are read."""
    loose = [index for index, group_id in enumerate(matches) if group_id is None and near[index]]
    if not loose:
        return matches
    # The nearest groups first, as many as NEAR_TEXTS stored texts allow.
    closest: dict[int, float] = {}
    for index in loose:
        for estimate, group_id in near[index]:
            closest[group_id] = max(estimate, closest.get(group_id, 0.0))
    groups = sorted(closest, key=lambda group_id: (-closest[group_id], group_id))
    groups = sorted(groups[: NEAR_TEXTS // NEAR_SAMPLE])
    sample = {group_id: stored[group_id][:NEAR_SAMPLE] for group_id in groups
              if group_id in stored}
    sample.update(_stored_texts([group_id for group_id in groups if group_id not in stored],
                                NEAR_SAMPLE))
    batch = [texts[index] for index in loose]
    owners: list[int] = []
    for group_id in groups:
        batch.extend(sample.get(group_id, []))
        owners.extend([group_id] * len(sample.get(group_id, [])))
    found = group_duplicates(batch, threshold=threshold).group
    votes: dict[int, Counter] = defaultdict(Counter)
    for label, group_id in zip(found[len(loose):].tolist(), owners, strict=True):
        votes[label][group_id] += 1
    matches = list(matches)
    for position, index in enumerate(loose):
        vote = [(count, group_id) for group_id, count in votes[int(found[position])].items()
                if group_id not in refused[index]]
        if vote:
            matches[index] = max(vote)[1]
    return matches


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


def _where_particulars_agree(matches, texts, sizes, stored, only=None) -> list[int | None]:
    """The batch's split by particulars (heard.triage.lib.particulars, decision 0581) for
    arrivals (decision 0582): the arrivals that join one stored group are weighed with its
    earliest STORED_SAMPLE members by the batch's own rules; those that fall in another part
    than most of the stored members (another franchise's order, route or school number on the
    same text) are refused by it (None). Only groups of sizes[group] and their arrivals
    together SPLIT_MIN_GROUP or more, that an arrival holding a number joins, are read (of
    those, the ones in only, if given); stored keeps the texts read per group."""
    if not particulars.PARTICULARS:
        return matches
    joined: dict[int, list[int]] = defaultdict(list)
    for index, group_id in enumerate(matches):
        if group_id is not None:
            joined[group_id].append(index)
    wanted = [group_id for group_id, indices in joined.items()
              if (only is None or group_id in only)
              and sizes.get(group_id, 0) + len(indices) >= particulars.SPLIT_MIN_GROUP
              and any(particulars.numbers(texts[i]) for i in indices)]
    stored.update(_stored_texts([group_id for group_id in wanted if group_id not in stored]))
    matches = list(matches)
    for group_id in wanted:
        own, indices = stored.get(group_id, []), joined[group_id]
        if not own or len(own) + len(indices) < particulars.SPLIT_MIN_GROUP:
            continue
        batch = own + [texts[i] for i in indices]
        parts, _ = particulars.split(batch, np.zeros(len(batch), dtype=np.int64))
        kept = Counter(parts[: len(own)].tolist()).most_common(1)[0][0]
        for index, part in zip(indices, parts[len(own):].tolist(), strict=True):
            if part != kept:
                matches[index] = None
    return matches


def _stored_texts(group_ids: list[int], limit: int = STORED_SAMPLE) -> dict[int, list[str]]:
    """Group id -> the normalised texts of its earliest limit members (the group as its run, or
    its first arrivals, made it)."""
    texts: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(group_ids), _IN_CHUNK):
        rows = (AddressTriage.objects.filter(group_id__in=group_ids[start : start + _IN_CHUNK])
                .annotate(place=Window(RowNumber(), partition_by=[F("group_id")],
                                       order_by=F("address_id").asc()))
                .filter(place__lte=limit)
                .values_list("group_id", "address__text"))
        for group_id, text in rows:
            texts[group_id].append(normalise(text or ""))
    return texts


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
