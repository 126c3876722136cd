"""A group's template, extracted from its members, and the exact check of members against it.

The template is the shingles held by most of (a sample of) the group's members; its *specific*
part is what the batch holds mostly inside the group (decision 0518). Members are checked on the
exact hashed shingles; a root that does not hold its group's template gives way to a member that
does (decision 0526).
"""

import numpy as np
from scipy import sparse

from heard.triage.lib import passages
from heard.triage.lib.containment import MIN_TEMPLATE, joins
from heard.triage.lib.shingles import BATCH, HASH_BITS, padded, shingler

# A template shingle is the group's own when the batch holds it at most SPECIFIC_SPREAD times as
# often as the group does (decision 0518); the rest is boilerplate shared with other groups and
# letters. The group's count of a shingle is estimated from its sampled members, or, when larger,
# as the median document frequency of the template's shingles over SUPPORT_DIVISOR (the candidate
# step may split one campaign into fragments, each of which alone would look too small). The
# template's own shingles must number MIN_SPECIFIC (about two lines of text) and a copy must hold
# threshold of them besides threshold of all; the template must be ROOT_COVER of its root (the
# group's smallest text): what unrelated texts share is a small part of each. Texts with Jaccard
# similarity >= threshold group regardless.
SPECIFIC_SPREAD = 2.0
MIN_SPECIFIC = 60
ROOT_COVER = 0.5
SUPPORT_BY_MEDIAN = True
SUPPORT_DIVISOR = 3.0
TEMPLATE_SAMPLE = 32
# The group's root (its smallest text) must itself hold ROOT_HOLD of the extracted template;
# where it does not (a short letter that the copies quote, a long letter made of common turns of
# phrase whose majority is the batch's idiom), the group's smallest member that holds it and is
# NEW_ROOT_COVER template becomes the root, or the group falls apart (decision 0526).
ROOT_HOLD = 0.6
REROOT = True
NEW_ROOT_COVER = 0.7
# A member that joins by containment must also hold PASSAGE_HOLD of its root's runs of words
# (heard.triage.lib.passages): letters on one topic share phrases, copies share passages.
PASSAGE_HOLD = 0.45
# A group that would fall apart is checked again with the template of the members that hold its
# root (decision 0576).
NARROW = True
# A member of a standing group that fails its majority template is checked against the part of
# it its root holds: in a campaign of several variants the majority holds more than any one
# variant, and a copy of the root's own variant too little of the rest's specific shingles.
ROOT_VARIANT = True


def template_rows(texts, members, roots, vectoriser, frequency):
    """Per distinct root, the shingles of its group's template: those in more than half of (a
    sample of) its members, root included; a group of two keeps the root's own shingles. Also
    the template's *specific* shingles: those found mostly inside the group (document frequency
    over the batch at most SPECIFIC_SPREAD times the group's estimated count), not boilerplate
    shared with other groups and letters (greetings, "прошу разобраться", a slogan of several
    variants, the turns of phrase that people's own stories share)."""
    unique_roots, root_row = np.unique(roots, return_inverse=True)
    group_size = np.bincount(root_row, minlength=len(unique_roots)) + 1
    everyone = np.concatenate([unique_roots, members])
    row_of = np.concatenate([np.arange(len(unique_roots)), root_row])
    order = np.lexsort((np.arange(len(everyone)), row_of))
    row_sorted = row_of[order]
    rank = np.arange(len(order)) - np.searchsorted(row_sorted, row_sorted)
    sample = order[rank < TEMPLATE_SAMPLE]
    matrix = vectoriser.transform(padded([texts[i] for i in everyone[sample]])).tocoo()
    rows = row_of[sample][matrix.row]
    sampled = np.bincount(row_of[sample], minlength=len(unique_roots))
    keys, counts = np.unique(rows.astype(np.int64) * 2**HASH_BITS + matrix.col, return_counts=True)
    key_rows, key_cols = keys // 2**HASH_BITS, keys % 2**HASH_BITS
    own = vectoriser.transform(padded([texts[i] for i in unique_roots])).tocsr()
    majority = sampled[key_rows] >= 3
    keep = majority & (counts * 2 > sampled[key_rows])
    # Whether the root holds ROOT_HOLD of its group's template (decision 0526).
    own_keys = own.tocoo()
    in_root = np.isin(keys, own_keys.row.astype(np.int64) * 2**HASH_BITS + own_keys.col)
    held = np.bincount(key_rows[keep & in_root], minlength=len(unique_roots))
    total = np.bincount(key_rows[keep], minlength=len(unique_roots))
    root_holds = (held >= ROOT_HOLD * total) | ~np.isin(np.arange(len(unique_roots)),
                                                         key_rows[majority])
    by_majority = np.zeros(len(unique_roots), dtype=bool)
    by_majority[key_rows[majority]] = True
    # A group of two has no majority: the root's own shingles stand for the template.
    own = own.tocoo()
    pair = ~by_majority[own.row]
    t_rows = np.concatenate([key_rows[keep], own.row[pair]])
    t_cols = np.concatenate([key_cols[keep], own.col[pair]])
    in_group = np.concatenate([
        counts[keep] / sampled[key_rows[keep]] * group_size[key_rows[keep]],
        group_size[own.row[pair]].astype(np.float64),
    ])
    # Without a frequency (the runs template of heard.triage.lib.passages) all is specific.
    spread = np.zeros(len(t_cols)) if frequency is None else frequency[t_cols].astype(np.float64)
    if SUPPORT_BY_MEDIAN and len(t_rows):
        # The template's support: the median document frequency of its shingles, which counts
        # the copies that the candidate step split off into other fragments too.
        order = np.lexsort((spread, t_rows))
        row_start = np.searchsorted(t_rows[order], np.arange(len(unique_roots)))
        row_count = np.bincount(t_rows, minlength=len(unique_roots))
        middle = order[np.minimum(row_start + row_count // 2, len(order) - 1)]
        in_group = np.maximum(in_group, spread[middle][t_rows] / SUPPORT_DIVISOR)
    specific = spread <= SPECIFIC_SPREAD * in_group + 1
    shape = (len(unique_roots), 2**HASH_BITS)
    template = sparse.csr_matrix((np.ones(len(t_rows), np.float32), (t_rows, t_cols)), shape=shape)
    distinct = sparse.csr_matrix(
        (np.ones(specific.sum(), np.float32), (t_rows[specific], t_cols[specific])), shape=shape
    )
    return template, distinct, root_row, root_holds


def exact(texts: list[str], members: np.ndarray, roots: np.ndarray, threshold, sizes, frequency,
          run_frequency=None, *, narrowed: bool = False):
    """Whether each member joins its group's template, on the exact (hashed) shingles: on all of
    the template's shingles, and on its specific ones; and each member's root, which is a
    different member where the candidate root does not hold its group's template. A group that
    would fall apart is checked again among the members that hold its root (`_narrowed`)."""
    if not len(members):
        return np.zeros(0, dtype=bool), roots
    vectoriser = shingler()
    template_source = roots
    template, distinct, root_row, root_holds = template_rows(
        texts, members, roots, vectoriser, frequency
    )
    template_sizes = np.diff(template.indptr)
    distinct_sizes = np.diff(distinct.indptr)
    common, common_distinct = _shared(texts, members, root_row, template, distinct)
    small = template_sizes[root_row].astype(np.float64)
    large = sizes[members].astype(np.float64)
    jaccard = common / np.maximum(small + large - common, 1)
    holds = root_holds[root_row]
    rerooted = np.zeros(len(members), dtype=bool)
    if REROOT and not holds.all():
        new_roots, holds = _rerooted(members, roots, root_row, holds, common, small, sizes)
        rerooted, roots = new_roots != roots, new_roots
    own_size = distinct_sizes[root_row].astype(np.float64)
    # Near-identical texts (Jaccard >= threshold) group whatever they are made of.
    joined = (jaccard >= threshold) | _holds(common, common_distinct, small, own_size, large,
                                             sizes[roots], threshold)
    if ROOT_VARIANT:
        failed = np.flatnonzero(~joined & root_holds[root_row] & (members != roots))
        joined[failed] = _root_variant(texts, members, roots, root_row, failed, template,
                                       distinct, threshold, sizes)
    if PASSAGE_HOLD:
        # Letters on one topic can share threshold of a template's shingles, even of its
        # specific ones, in another order; a copy holds its runs of words too (0551).
        # A short template (under MIN_TEMPLATE shingles) is held to a higher bar already
        # (heard.triage.lib.containment) and has few runs, a typo taking four of them.
        check = np.flatnonzero(joined & (members != roots) & (small >= MIN_TEMPLATE))
        joined[check] = runs_held(texts, members, root_row, template_source, check, run_frequency)
    # A member made its group's root stays in it, whatever its own size.
    joined = (joined & holds) | (members == roots)
    if NARROW and not narrowed and not holds.all():
        joined, roots = _narrowed(texts, members, roots, joined, holds, threshold, sizes,
                                  frequency, run_frequency)
    if PASSAGE_HOLD and rerooted.any():
        # A group that changed its root is checked again against the new root's own group:
        # the old root's template may have mixed two campaigns on one topic (0551).
        again = np.flatnonzero(rerooted & joined & (members != roots))
        _, again_rows = np.unique(roots[again], return_inverse=True)
        joined[again] = runs_held(texts, members[again], again_rows, roots[again],
                                  np.arange(len(again)), run_frequency)
    return joined, roots


def _holds(common, common_specific, small, own_size, large, root_size, threshold):
    """Whether texts of large shingles, sharing common of a template's small shingles and
    common_specific of its own_size specific ones, join it: by containment, on its specific
    shingles too, and where the template is most of its root (root_size shingles): a real shared
    template is most of the group's smallest copy, what unrelated texts have in common (forms of
    address, a slogan) a small part of any of them."""
    jaccard = common / np.maximum(small + large - common, 1)
    return (
        joins(small, large, jaccard, threshold)
        & (own_size >= MIN_SPECIFIC)
        & (common_specific >= threshold * own_size)
        & (small >= ROOT_COVER * root_size)
    )


def _shared(texts, positions: np.ndarray, rows: np.ndarray, *templates) -> list[np.ndarray]:
    """Per text at positions, how many shingles it shares with row rows[i] of each template (a
    sparse matrix of shingles, one row per group), BATCH texts shingled at a time."""
    vectoriser = shingler()
    counts = [np.empty(len(positions), dtype=np.float64) for _ in templates]
    for start in range(0, len(positions), BATCH):
        chunk = positions[start : start + BATCH]
        matrix = vectoriser.transform(padded([texts[i] for i in chunk])).tocsr()
        part = rows[start : start + BATCH]
        for count, template in zip(counts, templates, strict=True):
            count[start : start + len(chunk)] = np.asarray(
                matrix.multiply(template[part]).sum(axis=1)
            ).ravel()
    return counts


def _narrowed(texts, members, roots, joined, holds, threshold, sizes, frequency, run_frequency):
    """A group whose root holds too little of its template, and no member could take the root's
    place, would fall apart. The candidate step can offer one root the copies of two variants of
    a campaign, or copies and letters that quote them; then the majority template is what the
    mixture shares (a slogan, greetings), which no one copy is mostly made of. Such a group is
    checked once more with its template taken from the members that hold threshold of the
    root's own shingles: one variant's copies, checked by every rule against their own template;
    the rest try again in the next round (decision 0576)."""
    apart = np.flatnonzero(~holds & (members != roots))
    unique_roots, row = np.unique(roots[apart], return_inverse=True)
    own = shingler().transform(padded([texts[i] for i in unique_roots])).tocsr()
    own_sizes = np.diff(own.indptr).astype(np.float64)
    (common,) = _shared(texts, members[apart], row, own)
    inside = apart[common >= threshold * np.maximum(own_sizes[row], 1)]
    if not len(inside):
        return joined, roots
    keep, new_roots = exact(texts, members[inside], roots[inside], threshold, sizes, frequency,
                            run_frequency, narrowed=True)
    joined, roots = joined.copy(), roots.copy()
    joined[inside], roots[inside] = keep, new_roots
    return joined, roots


def _root_variant(texts, members, roots, root_row, failed, template, distinct, threshold, sizes):
    """Whether each member at failed holds its group's template as far as the root holds it (the
    root's variant of the campaign): threshold of those shingles and of their specific part,
    under the same rules of size and growth as the whole template; the passage check follows
    in exact()."""
    if not len(failed):
        return np.zeros(0, dtype=bool)
    # Groups whose root holds their template kept it: root_row names the root's row.
    group_roots, first, row = np.unique(roots[failed], return_index=True, return_inverse=True)
    unique_rows = root_row[failed][first]
    own = shingler().transform(padded([texts[i] for i in group_roots])).tocsr()  # binary
    variant = template[unique_rows].multiply(own).tocsr()
    specific = distinct[unique_rows].multiply(own).tocsr()
    common, common_specific = _shared(texts, members[failed], row, variant, specific)
    small = np.diff(variant.indptr)[row].astype(np.float64)
    own_size = np.diff(specific.indptr)[row].astype(np.float64)
    large = sizes[members[failed]].astype(np.float64)
    return _holds(common, common_specific, small, own_size, large, sizes[group_roots[row]],
                  threshold)


def runs_held(texts, members, root_row, roots, check, run_frequency=None) -> np.ndarray:
    """Whether each member at check holds PASSAGE_HOLD of its group's runs template (the runs of
    words most of the group's members hold, and with run_frequency only the group's own runs,
    not a topic's stock phrases; heard.triage.lib.passages)."""
    if not len(check):
        return np.zeros(0, dtype=bool)
    runs, own, _, _ = template_rows(
        texts, members, roots, passages.passage_vectoriser(), run_frequency
    )
    return passages.held(texts, members[check], own, root_row[check]) >= PASSAGE_HOLD


def _rerooted(members, roots, root_row, holds, common, template_size, sizes):
    """Where a group's root does not hold the group's template (a short letter whose sentence
    the copies quote, a partial paste), the group's smallest member that holds ROOT_HOLD of the
    template, and is itself NEW_ROOT_COVER template, becomes its root (a bare copy, not a long
    letter that shares turns of phrase with its group); the old root is left to find a group
    of its own."""
    contained = common / np.maximum(template_size, 1)
    cover = common / np.maximum(sizes[members], 1)
    candidates = np.flatnonzero(~holds & (contained >= ROOT_HOLD) & (cover >= NEW_ROOT_COVER))
    if not len(candidates):
        return roots, holds
    order = np.lexsort((members[candidates], sizes[members[candidates]], root_row[candidates]))
    candidates = candidates[order]
    first = np.r_[True, root_row[candidates][1:] != root_row[candidates][:-1]]
    new_root = np.full(root_row.max() + 1, -1, dtype=np.int64)
    new_root[root_row[candidates[first]]] = members[candidates[first]]
    moved = ~holds & (new_root[root_row] >= 0)
    roots = roots.copy()
    roots[moved] = new_root[root_row[moved]]
    return roots, holds | moved
