"""Copies and fragments that the candidate step left outside their campaign's group join it.

After the rounds (heard.triage.lib.duplicates), every group of ABSORB_MIN_GROUP or more has a
template (its members' majority shingles) and a specific part (decision 0518). A text in a
smaller group, or in none, that holds ABSORB_SPECIFIC of a larger group's specific shingles and
ABSORB_ALL of all its template joins the group it holds most of: a copy cut mid-sentence, a copy
the candidate step chained to a short letter. A group whose own specific shingles lie within a
larger group's template (VERSION_INSIDE) and that holds VERSION_COVER of that group's specific
shingles joins it whole: the campaign's short version, a fragment. Templates are taken once,
before any move, so nothing chains (decision 0528).
"""

import numpy as np

from heard.triage.lib.containment import MAX_GROWTH
from heard.triage.lib.group_template import MIN_SPECIFIC, template_rows
from heard.triage.lib.shingles import BATCH, padded, shingler

ABSORB = True
ABSORB_MIN_GROUP = 3
ABSORB_SPECIFIC = 0.5
ABSORB_ALL = 0.45
VERSION_INSIDE = 0.7
VERSION_COVER = 0.3


def absorbed(texts, sizes, frequency, labels):
    """Move texts into the largest group whose template they hold (see ABSORB_*), from groups
    smaller than it; the groups' templates are taken once, before any move, so nothing chains."""
    group_size = np.bincount(labels, minlength=len(labels))
    heads = np.flatnonzero(group_size >= ABSORB_MIN_GROUP)
    if not len(heads):
        return labels
    members = np.flatnonzero(np.isin(labels, heads) & (labels != np.arange(len(labels))))
    vectoriser = shingler()
    template, distinct, root_row, _ = template_rows(
        texts, members, labels[members], vectoriser, frequency
    )
    # template_rows numbers the roots in sorted order: heads is sorted.
    template_sizes = np.diff(template.indptr).astype(np.float64)
    distinct_sizes = np.diff(distinct.indptr).astype(np.float64)
    usable = distinct_sizes >= MIN_SPECIFIC
    distinct_t = distinct.T.tocsr()
    head_size = group_size[heads]
    candidates = np.flatnonzero(group_size[labels] < head_size.max())
    labels = labels.copy()
    moved_to = np.full(len(labels), -1, dtype=np.int64)
    for start in range(0, len(candidates), BATCH):
        chunk = candidates[start : start + BATCH]
        matrix = vectoriser.transform(padded([texts[i] for i in chunk])).tocsr()
        hits = (matrix @ distinct_t).tocoo()
        rows, cols = hits.row, hits.col
        share = hits.data / np.maximum(distinct_sizes[cols], 1)
        near = usable[cols] & (share >= ABSORB_SPECIFIC)
        near &= head_size[cols] > group_size[labels[chunk[rows]]]
        near &= sizes[chunk[rows]] <= MAX_GROWTH * template_sizes[cols]
        rows, cols, share = rows[near], cols[near], share[near]
        if not len(rows):
            continue
        common = np.asarray(matrix[rows].multiply(template[cols]).sum(axis=1)).ravel()
        whole = common / np.maximum(template_sizes[cols], 1)
        good = whole >= ABSORB_ALL
        rows, cols, share = rows[good], cols[good], share[good]
        order = np.lexsort((-share, rows))
        rows, cols = rows[order], cols[order]
        first = np.r_[True, rows[1:] != rows[:-1]]
        moved_to[chunk[rows[first]]] = heads[cols[first]]
    moving = moved_to >= 0
    labels[moving] = moved_to[moving]
    return _merged_versions(labels, heads, head_size, template, distinct, usable)


def _merged_versions(labels, heads, head_size, template, distinct, usable):
    """A group whose own template shingles lie within a larger group's template (the campaign's
    short version in its long one, a fragment's template in the whole's), and that holds a good
    part of the larger group's own shingles, joins it with all its members."""
    distinct_sizes = np.diff(distinct.indptr).astype(np.float64)
    inside = (distinct @ template.T).tocoo()  # |S_A & T_B|
    a, b = inside.row, inside.col
    keep = usable[a] & usable[b] & (a != b) & (
        (head_size[b] > head_size[a]) | ((head_size[b] == head_size[a]) & (heads[b] < heads[a]))
    )
    keep &= inside.data >= VERSION_INSIDE * distinct_sizes[a]
    a, b = a[keep], b[keep]
    if not len(a):
        return labels
    covered = np.asarray(template[a].multiply(distinct[b]).sum(axis=1)).ravel()
    share = covered / np.maximum(distinct_sizes[b], 1)
    good = share >= VERSION_COVER
    a, b, share = a[good], b[good], share[good]
    if not len(a):
        return labels
    order = np.lexsort((-share, a))
    a, b = a[order], b[order]
    first = np.r_[True, a[1:] != a[:-1]]
    mapping = np.arange(len(labels))
    mapping[heads[a[first]]] = heads[b[first]]
    while True:
        hop = mapping[mapping]
        if np.array_equal(hop, mapping):
            break
        mapping = hop
    return mapping[labels]
