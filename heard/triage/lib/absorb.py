"""Copies and fragments that the candidate step left outside their campaign's group join it.

After the rounds (heard.triage.lib.duplicates), every group of ABSORB_MIN_GROUP or more has a
template (its members' majority shingles) and a specific part (decision 0518). First, a group
whose own shingles lie within a larger group's template (VERSION_INSIDE) and that holds
VERSION_COVER of that group's own shingles joins it whole: the campaign's short version, a
fragment (its own runs of words must lie VERSION_INSIDE in the larger one's too). Then a text
in a smaller group, or in none, that holds threshold of a larger group's own shingles (the
batch holds them at most ABSORB_SPREAD times as often as the group, merged versions counted
together) and threshold of all its template joins the group it holds most of: a copy the
candidate step linked to a short letter of legal lines, a copy cut late in the form; so does a
text that lies inside a larger group's template, a part of it pasted alone (FRAGMENT_*,
decision 0578). Templates are taken once, before any move, so nothing chains (decision 0528).
Versions merge first since decision 0560: a campaign split into fragments has each of its
shingles in every fragment, so no fragment alone counted it as its own, and neither merge nor
late join could happen; and since 0579 a version's own shingles may also be counted against
how often the larger group's rarer template shingles occur (VERSION_SUPPORT), for copies of
the campaign that neither group took.

Off from 0528 to 0551 (on held-out corpora it cost more precision than it gave recall: remix
seed 42 en P 0.912 -> 0.688); on again since a late joiner, and a merged version, must also
hold the group's own runs of words (heard.triage.lib.passages, decision 0551).
"""

import numpy as np
from scipy import sparse

from heard.triage.lib import passages
from heard.triage.lib.containment import MAX_GROWTH, MIN_TEMPLATE
from heard.triage.lib.group_template import MIN_SPECIFIC, PASSAGE_HOLD, template_rows
from heard.triage.lib.shingles import BATCH, padded, shingler

ABSORB = True
ABSORB_MIN_GROUP = 3
ABSORB_SPREAD = 1.5
VERSION_INSIDE = 0.7
VERSION_COVER = 0.4
# A version's own shingles are those the batch holds at most ABSORB_SPREAD times as often as the
# two groups together, or, failing that, as the larger group's template shingles at these
# quantiles of their frequency: a campaign's copies left alone by the rounds (decision 0579).
VERSION_SUPPORT = (0.25, 0.5)
# A version whose own shingles lie VERSION_CLOSE within the larger one's template needs only
# VERSION_CLOSE_RUNS of its own runs of words inside the larger one's runs: one campaign's two
# versions wrapping the same core in different frames ("we demand that you ..." / "please
# ...") share the core's paragraphs but not the frames' (decision 0580).
VERSION_CLOSE = 0.9
VERSION_CLOSE_RUNS = 0.5
# A text in a smaller group, or in none, whose shingles lie FRAGMENT_INSIDE within a larger
# group's template, FRAGMENT_OWN of them the group's own, and whose own runs of words lie
# FRAGMENT_RUNS within the group's own runs, is a part of the campaign pasted alone (a paragraph
# cut out of the form, a few sentences under a greeting): it joins too (decision 0578). Own
# runs, not all: a short letter made of a topic's stock phrases lies inside a campaign built of
# the same phrases, but not inside the runs that only the campaign's copies hold; and 100 own
# shingles, not MIN_SPECIFIC's 60, for the same reason (remix 53 en lost precision at 60).
FRAGMENTS = True
FRAGMENT_INSIDE = 0.7
FRAGMENT_RUNS = PASSAGE_HOLD
FRAGMENT_OWN = 100
# A shingle in more templates than this is no one campaign's own (and would make the
# candidate pairs grow with the square of its holders).
VERSION_HOLDERS = 32


def absorbed(texts, sizes, frequency, labels, threshold: float, run_frequency=None):
    """Move texts into the largest group whose template they hold (see ABSORB_*), from groups
    smaller than it; the groups' templates are taken once, before any move, so nothing chains."""
    group_size = np.bincount(labels, minlength=len(labels))
    heads = np.flatnonzero(group_size >= ABSORB_MIN_GROUP)
    if not len(heads):
        return labels
    members = np.flatnonzero(np.isin(labels, heads) & (labels != np.arange(len(labels))))
    vectoriser = shingler()
    template, loose, _, _ = template_rows(
        texts, members, labels[members], vectoriser, frequency
    )
    # template_rows numbers the roots in sorted order: heads is sorted.
    template_sizes = np.diff(template.indptr).astype(np.float64)
    head_size = group_size[heads]
    runs = None
    if PASSAGE_HOLD:
        runs, _, _, _ = template_rows(
            texts, members, labels[members], passages.passage_vectoriser(), run_frequency
        )
    # Versions and fragments of one campaign first (0560): a campaign split in two has each
    # shingle in both halves, so neither half alone counts it as its own; the late joiners are
    # then judged against the campaign's whole size.
    merged = _merged_versions(heads, head_size, template, loose, frequency, runs, run_frequency)
    merged_size = np.bincount(merged, weights=head_size, minlength=len(heads))[merged]
    # Here a shingle is the group's own only when the batch holds it at most ABSORB_SPREAD
    # times as often as the group itself: boilerplate that a large campaign carries (legal
    # lines, a form's signature line) is not, however many copies carry it.
    distinct = _own(template, frequency, ABSORB_SPREAD * merged_size)
    distinct_sizes = np.diff(distinct.indptr).astype(np.float64)
    usable = distinct_sizes >= MIN_SPECIFIC
    distinct_t = distinct.T.tocsr()
    candidates = np.flatnonzero(group_size[labels] < merged_size.max())
    # The merged group (a head's index) each candidate's group already goes to, or -1.
    in_head = np.searchsorted(heads, labels[candidates])
    in_head = np.minimum(in_head, len(heads) - 1)
    going = np.where(heads[in_head] == labels[candidates], merged[in_head], -1)
    labels = labels.copy()
    moved_to = np.full(len(labels), -1, dtype=np.int64)
    fragment = np.zeros(len(labels), dtype=bool)
    for start in range(0, len(candidates), BATCH):
        chunk = candidates[start : start + BATCH]
        matrix = vectoriser.transform(padded([texts[i] for i in chunk])).tocsr()
        hits = (matrix @ distinct_t).tocoo()
        rows, cols = hits.row, hits.col
        share = hits.data / np.maximum(distinct_sizes[cols], 1)
        near = usable[cols] & (share >= threshold)
        near &= merged_size[cols] > group_size[labels[chunk[rows]]]
        # A text whose group merges into this one is there already.
        near &= going[start + rows] != merged[cols]
        part = np.zeros(len(rows), dtype=bool)
        if FRAGMENTS:
            part = _fragment_candidates(hits, rows, cols, chunk, labels, group_size,
                                        merged_size, going[start + rows], merged, usable)
        either = near | part
        rows, cols, share = rows[either], cols[either], share[either]
        near, part = near[either], part[either]
        if not len(rows):
            continue
        common = np.asarray(matrix[rows].multiply(template[cols]).sum(axis=1)).ravel()
        whole = common / np.maximum(template_sizes[cols], 1)
        grown = sizes[chunk[rows]] <= MAX_GROWTH * template_sizes[cols]
        good = near & (whole >= threshold) & grown
        # A fragment lies inside the template; ranked below every copy that contains one.
        part &= ~good & (common >= FRAGMENT_INSIDE * sizes[chunk[rows]])
        good |= part
        rows, cols, share, part = rows[good], cols[good], share[good], part[good]
        if not len(rows):
            continue
        order = np.lexsort((-share, part, rows))
        rows, cols, part = rows[order], cols[order], part[order]
        first = np.r_[True, rows[1:] != rows[:-1]]
        moved_to[chunk[rows[first]]] = cols[first]
        fragment[chunk[rows[first]]] = part[first]
    moving = np.flatnonzero(moved_to >= 0)
    if runs is not None:
        # A late joiner holds the group's own runs of words, not only its phrases (0551); own
        # as the shingles are here, by the merged group's size.
        own_runs = _own(runs, run_frequency, ABSORB_SPREAD * merged_size)
        # A short template skips it, as in the exact check (0551): few runs, a typo takes four.
        short = template_sizes[moved_to[moving]] < MIN_TEMPLATE
        held = passages.held(texts, moving, own_runs, moved_to[moving]) >= PASSAGE_HOLD
        if fragment[moving].any():
            # A fragment's runs lie inside the group's own runs instead of holding most of them.
            parts = np.flatnonzero(fragment[moving])
            inside = passages.inside(texts, moving[parts], own_runs, moved_to[moving[parts]])
            held[parts] = inside >= FRAGMENT_RUNS
        moving = moving[held | short]
    labels[moving] = heads[moved_to[moving]]
    # Every text of a group that merged, and every late joiner, ends in the merged group.
    mapping = np.arange(len(labels))
    mapping[heads] = heads[merged]
    return mapping[labels]


def _fragment_candidates(hits, rows, cols, chunk, labels, group_size, merged_size, going,
                         merged, usable) -> np.ndarray:
    """Per hit (a text of chunk and a group sharing own shingles): whether the text may be a
    fragment of that group's campaign: FRAGMENT_OWN of the group's own shingles, a larger
    group, not the one it goes to already. Whether its shingles lie inside the template is
    counted after, with the copies' containment."""
    return (
        usable[cols]
        & (hits.data >= FRAGMENT_OWN)
        & (merged_size[cols] > group_size[labels[chunk[rows]]])
        & (going != merged[cols])
    )


def _row_of_entries(matrix: sparse.csr_matrix) -> np.ndarray:
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def _kept(matrix: sparse.csr_matrix, keep: np.ndarray) -> sparse.csr_matrix:
    """matrix's entries where keep (one flag per stored entry) holds, each set to 1."""
    rows = _row_of_entries(matrix)
    return sparse.csr_matrix(
        (np.ones(keep.sum(), np.float32), (rows[keep], matrix.indices[keep])), shape=matrix.shape
    )


def _own(template, frequency, bound) -> sparse.csr_matrix:
    """template's rows keeping the entries that frequency holds at most bound[row] times."""
    return _kept(template, frequency[template.indices] <= bound[_row_of_entries(template)])


def _merged_versions(heads, head_size, template, loose, frequency, runs=None,
                     run_frequency=None) -> np.ndarray:
    """Per head (an index into heads), the head whose group it merges into (itself if none).

    A group whose own template shingles lie within a larger group's template (the campaign's
    short version in its long one, a fragment's template in the whole's), and that holds
    VERSION_COVER of that group's own shingles, joins it with all its members. Own shingles are
    counted for the two groups together: the batch holds them at most ABSORB_SPREAD times as
    often as both groups do, or as the larger one's rarer template shingles are held
    (VERSION_SUPPORT, 0579). Candidates come from each group's own shingles and, since a
    fragment of a campaign split in two counts none as its own, from the shingles that the
    groups whose templates hold them account for together (0560)."""
    rows = _row_of_entries(template)
    # Per template entry: how many templates hold its shingle, and their groups' sizes summed
    # (over the distinct shingles only: an array over all 2**26 would cost 512 MiB).
    _, shingle = np.unique(template.indices, return_inverse=True)
    holders = np.bincount(shingle)[shingle]
    held_by = np.bincount(shingle, weights=head_size[rows].astype(np.float64))[shingle]
    shared_own = (frequency[template.indices] <= ABSORB_SPREAD * held_by) & (
        holders <= VERSION_HOLDERS
    )
    loose = ((loose + _kept(template, shared_own)) > 0).astype(np.float32)
    loose_sizes = np.diff(loose.indptr)
    inside = (loose @ template.T).tocoo()  # candidates: |own(A) & T(B)|
    a, b = inside.row, inside.col
    same = head_size[b] == head_size[a]
    larger = (head_size[b] > head_size[a]) | (same & (heads[b] < heads[a]))
    keep = larger & (loose_sizes[a] >= MIN_SPECIFIC) & (inside.data >= 0.5 * loose_sizes[a])
    # first, second, cover, both sizes, share of the first's own shingles inside the second
    pairs: list[tuple[int, int, float, float, float]] = []
    for first, second in zip(a[keep].tolist(), b[keep].tolist(), strict=True):
        all_mine = template.indices[template.indptr[first] : template.indptr[first + 1]]
        all_theirs = template.indices[template.indptr[second] : template.indptr[second + 1]]
        supports = [head_size[first] + head_size[second]]
        # Copies of the campaign that neither group took count too: the larger group's
        # rarer template shingles are in about as many texts as the campaign has.
        supports += [np.quantile(frequency[all_theirs], q) for q in VERSION_SUPPORT]
        for support in supports:
            both = ABSORB_SPREAD * support
            mine = all_mine[frequency[all_mine] <= both]
            theirs = all_theirs[frequency[all_theirs] <= both]
            shared = len(np.intersect1d(mine, theirs, assume_unique=True))
            cover = shared / max(len(theirs), 1)
            if (len(mine) >= MIN_SPECIFIC and shared >= VERSION_INSIDE * len(mine)
                    and cover >= VERSION_COVER):
                pairs.append((first, second, cover, supports[0], shared / len(mine)))
                break
    if pairs and runs is not None:
        # The smaller group's own runs of words lie VERSION_INSIDE in the larger one's runs
        # template, as its own shingles do (0551, 0560): a version of one campaign shares its
        # paragraphs, another campaign on the topic only its phrases. Own for the two groups
        # together; every pair is checked before the best one is chosen.
        firsts = np.array([pair[0] for pair in pairs])
        seconds = np.array([pair[1] for pair in pairs])
        bound = ABSORB_SPREAD * np.array([pair[3] for pair in pairs])
        mine = _own(runs[firsts].tocsr(), run_frequency, bound)
        common = np.asarray(mine.multiply(runs[seconds]).sum(axis=1)).ravel()
        inside = common / np.maximum(np.diff(mine.indptr), 1)
        short = np.diff(template.indptr)[seconds] < MIN_TEMPLATE
        close = np.array([pair[4] for pair in pairs]) >= VERSION_CLOSE
        passes = (inside >= VERSION_INSIDE) | short | (close & (inside >= VERSION_CLOSE_RUNS))
        pairs = [pair for pair, ok in zip(pairs, passes, strict=True) if ok]
    best: dict[int, tuple[float, int]] = {}
    for first, second, cover, *_ in pairs:
        if cover > best.get(first, (0.0, -1))[0]:
            best[first] = (cover, second)
    mapping = np.arange(len(heads))
    for first, (_, second) in best.items():
        mapping[first] = second
    while True:
        hop = mapping[mapping]
        if np.array_equal(hop, mapping):
            return mapping
        mapping = hop
