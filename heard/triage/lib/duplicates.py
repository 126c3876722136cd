"""Near-duplicate grouping: mass campaigns under one template.

A campaign copy is the campaign's template plus whatever the sender adds (a story as long as the
template, a greeting, a signature), so it joins a group by how much of the group's template it
contains, |shingles(template) & shingles(copy)| / |shingles(template)|, not by the Jaccard
similarity of the whole texts. See docs/decisions/0512-grouping-by-containment.md.

Candidates come from MinHash over character 5-gram shingles cut into many short LSH bands,
vectorised with numpy over the whole batch (datasketch's per-document objects are ~20x slower at
millions of texts; the `datasketch` backend is kept for comparison, see
docs/decisions/0100-triage-minhash.md). In every band bucket the text with the fewest shingles is
the leader; a text points to the leader that its MinHash estimate says it contains best, pointers
are followed to a root (the group's template: its smallest member), and every member is then
checked against its root on the exact shingles.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch.lsh import _optimal_param
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

SHINGLE = 5
_HASH_BITS = 26
_BATCH = 100_000
# A template shorter than this many shingles (two or three sentences) is too common to stand for a
# campaign on its own terms: short texts on one topic share whole phrases. Copies of a short
# template must contain (1 + threshold) / 2 of it and be at most SHORT_GROWTH times its size.
MIN_TEMPLATE = 150
SHORT_GROWTH = 2.0
# A copy may carry a story as long as the template, a greeting and a signature; a text more than
# four times its template's size is a letter of its own that quotes the template.
MAX_GROWTH = 4.0
# Short bands find a long copy whose Jaccard similarity to its template is only about 0.3.
_BAND_ROWS = 2
_ROUNDS = 3
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
_TEMPLATE_SAMPLE = 32
# The group's root (its smallest text) must itself hold ROOT_HOLD of the extracted template;
# where it does not (a short letter that the copies quote, a long letter made of common turns of
# phrase whose majority is the batch's idiom), the group's smallest member that holds it and is
# NEW_ROOT_COVER template becomes the root, or the group falls apart (decision 0526).
ROOT_HOLD = 0.6
REROOT = True
NEW_ROOT_COVER = 0.7
MERGE_FRAGMENTS = True


@dataclass(frozen=True)
class Groups:
    """Per input text: its group, whether it is the group's primary (first) text, and the
    position of the group's template (its smallest member, the copy closest to the bare text)."""

    group: np.ndarray  # int64, groups numbered in order of their primary's position
    primary: np.ndarray  # bool
    template: np.ndarray  # int64 position of the group's template text

    def sizes(self) -> np.ndarray:
        return np.bincount(self.group)


def _shingler() -> HashingVectorizer:
    return HashingVectorizer(
        analyzer="char", ngram_range=(SHINGLE, SHINGLE), n_features=2**_HASH_BITS,
        alternate_sign=False, binary=True, norm=None, lowercase=False, dtype=np.float32,
    )


def _padded(texts: Sequence[str]) -> list[str]:
    # A text shorter than a shingle still needs one, or it would have no signature at all; "_"
    # never occurs in normalised text and, unlike spaces, survives the vectoriser.
    return [text if len(text) >= SHINGLE else text.ljust(SHINGLE, "_") for text in texts]


def _signatures_and_sizes(texts: Sequence[str], num_perm: int, seed: int, with_frequency=False):
    """MinHash signatures, shingle counts and (with_frequency) each hashed shingle's document
    frequency over texts."""
    generator = np.random.default_rng(seed)
    multipliers = generator.integers(1, 2**32, size=num_perm, dtype=np.uint64) | np.uint64(1)
    offsets = generator.integers(0, 2**32, size=num_perm, dtype=np.uint64)
    multipliers, offsets = multipliers.astype(np.uint32), offsets.astype(np.uint32)
    shingler = _shingler()
    out = np.empty((len(texts), num_perm), dtype=np.uint32)
    sizes = np.empty(len(texts), dtype=np.int32)
    frequency = np.zeros(2**_HASH_BITS, dtype=np.uint32) if with_frequency else None
    for start in range(0, len(texts), _BATCH):
        matrix = shingler.transform(_padded(texts[start : start + _BATCH]))
        if frequency is not None:
            frequency += np.bincount(matrix.indices, minlength=2**_HASH_BITS).astype(np.uint32)
        shingles = matrix.indices.astype(np.uint32)
        starts = matrix.indptr[:-1]
        sizes[start : start + len(starts)] = np.diff(matrix.indptr)
        with np.errstate(over="ignore"):
            # Spread the 26-bit shingle ids over 32 bits before the permutations.
            shingles = shingles * np.uint32(0x9E3779B1)
            for column in range(num_perm):
                permuted = shingles * multipliers[column] + offsets[column]
                out[start : start + len(starts), column] = np.minimum.reduceat(permuted, starts)
    return out, sizes, frequency


def signatures(texts: Sequence[str], *, num_perm: int = 64, seed: int = 1) -> np.ndarray:
    """MinHash signatures, shape (len(texts), num_perm), uint32.

    Each permutation is x -> a*x + b modulo 2**32 with odd a: a bijection on 32-bit words, applied
    to every shingle of the batch at once and reduced per row with np.minimum.reduceat.
    """
    return _signatures_and_sizes(texts, num_perm, seed)[0]


def lsh_parameters(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive and negative rates at threshold."""
    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def _joins(small, large, jaccard, threshold: float, slack: float = 1.0) -> np.ndarray:
    """Whether the text of large shingles joins the template of small ones, from their Jaccard
    similarity: by containment, held to a higher bar and less growth for a short template."""
    small, large = small.astype(np.float64), large.astype(np.float64)
    contained = jaccard * (small + large) / ((1 + jaccard) * np.maximum(small, 1))
    short = small < MIN_TEMPLATE
    bar = np.where(short, (1 + threshold) / 2, threshold) * slack
    growth = np.where(short, SHORT_GROWTH, MAX_GROWTH)
    return ((contained >= bar) & (large <= growth * small)) | (jaccard >= threshold * slack)


def _best_leaders(sig, sizes, members: np.ndarray, threshold: float) -> np.ndarray:
    """For each of members (positions), the leader it joins best, or itself."""
    sub, sub_sizes = sig[members], sizes[members]
    count = len(members)
    generator = np.random.default_rng(7)
    sources, targets = [], []
    for band in range(sig.shape[1] // _BAND_ROWS):
        block = sub[:, band * _BAND_ROWS : (band + 1) * _BAND_ROWS].astype(np.uint64)
        weights = generator.integers(1, 2**63, size=_BAND_ROWS, dtype=np.uint64) | np.uint64(1)
        with np.errstate(over="ignore"):
            keys = (block * weights).sum(axis=1, dtype=np.uint64)
        order = np.lexsort((np.arange(count), sub_sizes, keys))
        sorted_keys = keys[order]
        run_start = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        leaders = order[np.maximum.accumulate(np.where(run_start, np.arange(count), 0))]
        # Each member is offered the bucket's smallest text and the next smaller one: a bucket
        # of a few short bands may hold an unrelated short text besides the campaign's copies.
        sources += [order[~run_start], order[1:][~run_start[1:]]]
        targets += [leaders[~run_start], order[:-1][~run_start[1:]]]
    parent = np.arange(count)
    if not count or not sum(len(s) for s in sources):
        return members[parent]
    pairs = np.unique(np.stack([np.concatenate(sources), np.concatenate(targets)], axis=1), axis=0)
    scores = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), 1_000_000):
        chunk = pairs[start : start + 1_000_000]
        jaccard = (sub[chunk[:, 0]] == sub[chunk[:, 1]]).mean(axis=1)
        small, large = sub_sizes[chunk[:, 1]], sub_sizes[chunk[:, 0]]
        # The estimate from 64 permutations is rough; the exact check against the root follows.
        passes = _joins(small, large, jaccard, threshold, slack=0.95)
        # Of the templates a text contains, it joins the one it shares most with: a long copy
        # also contains the sentences of short texts on its story's topic, wholly.
        shared = jaccard * (small + large) / (1 + jaccard)
        scores[start : start + len(chunk)] = np.where(passes, shared, -1)
    keep = scores >= 0
    pairs, scores = pairs[keep], scores[keep]
    if not len(pairs):
        return members[parent]
    order = np.lexsort((-scores, pairs[:, 0]))
    pairs = pairs[order]
    first = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]
    parent[pairs[first, 0]] = pairs[first, 1]
    return members[_follow(sub, sub_sizes, parent, threshold)]


def _follow(sub, sub_sizes, parent, threshold: float) -> np.ndarray:
    """Follow the pointers to roots, but never past a text its member does not contain.

    Leaders are smaller (by size, then position) than their members, so pointers end at roots;
    containment is not transitive, though: a copy contains a shorter text that shares the form's
    legal lines, which contains a one-line letter of those lines alone, and the copy does not.
    Where a member's estimate says it does not contain the leader its leader points to, the
    leader in the middle stops there and becomes a root (decision 0528)."""
    while True:
        hop = parent[parent]
        moving = np.flatnonzero(hop != parent)
        if not len(moving):
            return parent
        target = hop[moving]
        jaccard = (sub[moving] == sub[target]).mean(axis=1)
        passes = _joins(sub_sizes[target], sub_sizes[moving], jaccard, threshold, slack=0.95)
        cut = np.unique(parent[moving[~passes]])
        parent[cut] = cut
        go = moving[passes & ~np.isin(parent[moving], cut)]
        parent[go] = hop[go]


def _template_rows(texts, members, roots, shingler, frequency):
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
    sample = order[rank < _TEMPLATE_SAMPLE]
    matrix = shingler.transform(_padded([texts[i] for i in everyone[sample]])).tocoo()
    rows = row_of[sample][matrix.row]
    sampled = np.bincount(row_of[sample], minlength=len(unique_roots))
    keys, counts = np.unique(rows.astype(np.int64) * 2**_HASH_BITS + matrix.col, return_counts=True)
    key_rows, key_cols = keys // 2**_HASH_BITS, keys % 2**_HASH_BITS
    own = shingler.transform(_padded([texts[i] for i in unique_roots])).tocsr()
    majority = sampled[key_rows] >= 3
    keep = majority & (counts * 2 > sampled[key_rows])
    # Whether the root holds ROOT_HOLD of its group's template (decision 0526).
    own_keys = own.tocoo()
    in_root = np.isin(keys, own_keys.row.astype(np.int64) * 2**_HASH_BITS + own_keys.col)
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
    spread = frequency[t_cols].astype(np.float64)
    if SUPPORT_BY_MEDIAN and len(t_rows):
        # The template's support: the median document frequency of its shingles, which counts
        # the copies that the candidate step split off into other fragments too.
        order = np.lexsort((spread, t_rows))
        row_start = np.searchsorted(t_rows[order], np.arange(len(unique_roots)))
        row_count = np.bincount(t_rows, minlength=len(unique_roots))
        middle = order[np.minimum(row_start + row_count // 2, len(order) - 1)]
        in_group = np.maximum(in_group, spread[middle][t_rows] / SUPPORT_DIVISOR)
    specific = spread <= SPECIFIC_SPREAD * in_group + 1
    shape = (len(unique_roots), 2**_HASH_BITS)
    template = sparse.csr_matrix((np.ones(len(t_rows), np.float32), (t_rows, t_cols)), shape=shape)
    distinct = sparse.csr_matrix(
        (np.ones(specific.sum(), np.float32), (t_rows[specific], t_cols[specific])), shape=shape
    )
    return template, distinct, root_row, root_holds


def _exact(texts: list[str], members: np.ndarray, roots: np.ndarray, threshold, sizes, frequency):
    """Whether each member joins its group's template, on the exact (hashed) shingles: on all of
    the template's shingles, and on its specific ones; and each member's root, which is a
    different member where the candidate root does not hold its group's template."""
    if not len(members):
        return np.zeros(0, dtype=bool), roots
    shingler = _shingler()
    template, distinct, root_row, root_holds = _template_rows(
        texts, members, roots, shingler, frequency
    )
    template_sizes = np.diff(template.indptr)
    distinct_sizes = np.diff(distinct.indptr)
    common = np.empty(len(members), dtype=np.float64)
    common_distinct = np.empty(len(members), dtype=np.float64)
    for start in range(0, len(members), _BATCH):
        chunk = members[start : start + _BATCH]
        matrix = shingler.transform(_padded([texts[i] for i in chunk])).tocsr()
        rows = root_row[start : start + _BATCH]
        common[start : start + len(chunk)] = np.asarray(
            matrix.multiply(template[rows]).sum(axis=1)
        ).ravel()
        common_distinct[start : start + len(chunk)] = np.asarray(
            matrix.multiply(distinct[rows]).sum(axis=1)
        ).ravel()
    small = template_sizes[root_row].astype(np.float64)
    large = sizes[members].astype(np.float64)
    jaccard = common / np.maximum(small + large - common, 1)
    holds = root_holds[root_row]
    if REROOT and not holds.all():
        roots, holds = _rerooted(members, roots, root_row, holds, common, small, sizes)
    own_size = distinct_sizes[root_row].astype(np.float64)
    specific = (own_size >= MIN_SPECIFIC) & (common_distinct >= threshold * own_size)
    # A real shared template is most of its root (the group's smallest copy); what unrelated
    # texts have in common (forms of address, a slogan) is a small part of any of them.
    shared = small >= ROOT_COVER * sizes[roots]
    # Near-identical texts (Jaccard >= threshold) group whatever they are made of.
    joined = (jaccard >= threshold) | (_joins(small, large, jaccard, threshold) & specific & shared)
    # A member made its group's root stays in it, whatever its own size.
    return (joined & holds) | (members == roots), roots


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


def _containment_labels(texts: list[str], sig, sizes, threshold: float, frequency) -> np.ndarray:
    labels = np.arange(len(texts))
    loose = labels.copy()
    for _ in range(_ROUNDS):
        roots = _best_leaders(sig, sizes, loose, threshold)
        joined = roots != loose
        members, member_roots = loose[joined], roots[joined]
        keep, new_roots = _exact(texts, members, member_roots, threshold, sizes, frequency)
        labels[members[keep]] = new_roots[keep]
        # Strays that passed an estimate but not the exact check try again among themselves,
        # and so does a root that gave its group up to a member that holds the template.
        loose = np.union1d(members[~keep], member_roots[new_roots != member_roots])
        if len(loose) < 2:
            break
    if MERGE_FRAGMENTS:
        labels = _merged_fragments(texts, sig, sizes, threshold, frequency, labels)
    if ABSORB:
        labels = _absorbed(texts, sizes, frequency, labels)
    return labels


def _merged_fragments(texts, sig, sizes, threshold, frequency, labels):
    """One campaign's copies may end in several groups, each led by a copy of its own (the
    candidate step links a copy to one leader per band bucket). A group's root that joins
    another group's template, checked like any member against that group's own members, takes
    its group along."""
    heads = np.unique(labels)
    leaders = _best_leaders(sig, sizes, heads, threshold)
    moving = leaders != heads
    if not moving.any():
        return labels
    candidates, targets = heads[moving], leaders[moving]
    # The targets' own members stand for their templates, as in the rounds.
    wanted = np.isin(labels, targets) & (labels != np.arange(len(labels)))
    members = np.flatnonzero(wanted)
    keep, new_roots = _exact(
        texts, np.concatenate([members, candidates]),
        np.concatenate([labels[members], targets]), threshold, sizes, frequency,
    )
    joined = keep[len(members) :] & (new_roots[len(members) :] == targets)
    moved = dict(zip(candidates[joined].tolist(), targets[joined].tolist(), strict=True))
    if not moved:
        return labels
    mapping = np.arange(len(labels))
    mapping[list(moved)] = list(moved.values())
    # Follow chains (a fragment joining a fragment that joined another) to their end.
    while True:
        hop = mapping[mapping]
        if np.array_equal(hop, mapping):
            break
        mapping = hop
    return mapping[labels]


def _groups_from_labels(labels: np.ndarray, template: np.ndarray) -> Groups:
    # Number groups by their first member, and make that first member the primary.
    _, first_position, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first_position), dtype=np.int64)
    rank[np.argsort(first_position, kind="stable")] = np.arange(len(first_position))
    group = rank[inverse.ravel()]
    primary = np.zeros(len(labels), dtype=bool)
    primary[first_position] = True
    return Groups(group=group, primary=primary, template=template)


def group_duplicates(
    texts: Sequence[str], *, threshold: float = 0.6, num_perm: int = 64, backend: str = "numpy"
) -> Groups:
    """Group normalised texts that contain at least threshold of their group's template.

    Identical texts are always grouped. The template is the group's smallest member; texts under
    MIN_TEMPLATE shingles, or more than MAX_GROWTH times the template, need Jaccard >= threshold.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    texts = list(texts)
    if not texts:
        return Groups(np.empty(0, np.int64), np.empty(0, bool), np.empty(0, np.int64))
    unique, first_index, inverse = np.unique(
        np.array(texts, dtype=object), return_index=True, return_inverse=True
    )
    inverse = inverse.ravel()
    order = np.argsort(first_index, kind="stable")  # unique texts in order of appearance
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    distinct = [unique[i] for i in order]
    if backend == "datasketch":
        labels = _datasketch_labels(distinct, threshold, num_perm)
    else:
        sig, sizes, frequency = _signatures_and_sizes(distinct, num_perm, 1, with_frequency=True)
        labels = _containment_labels(distinct, sig, sizes, threshold, frequency)
    labels = labels[rank[inverse]]
    # A label is a distinct text, the group's root; its first appearance is the template.
    template = first_index[order][labels]
    return _groups_from_labels(labels, template)


def _datasketch_labels(texts: list[str], threshold: float, num_perm: int) -> np.ndarray:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    parent = np.arange(len(texts))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, text in enumerate(_padded(texts)):
        shingles = {text[i : i + SHINGLE].encode() for i in range(len(text) - SHINGLE + 1)}
        minhash = MinHash(num_perm=num_perm)
        minhash.update_batch(list(shingles))
        for other in lsh.query(minhash):
            parent[find(index)] = find(other)
        lsh.insert(index, minhash)
    return np.array([find(i) for i in range(len(texts))])


# A text joins a larger group when it holds ABSORB_SPECIFIC of that group's own (specific)
# template shingles and ABSORB_ALL of all of them (decision 0528): a copy cut mid-sentence, the
# campaign's short version, a copy the candidate step left in a fragment of its own.
ABSORB = True
ABSORB_MIN_GROUP = 3
ABSORB_SPECIFIC = 0.5
ABSORB_ALL = 0.45
VERSION_INSIDE = 0.7
VERSION_COVER = 0.3


def _absorbed(texts, sizes, frequency, labels):
    """Move texts into the largest group whose template they hold (see ABSORB_*), from groups
    smaller than it; the groups' templates are taken once, before any move, so nothing chains."""
    group_size = np.bincount(labels, minlength=len(labels))
    heads = np.flatnonzero(group_size >= ABSORB_MIN_GROUP)
    if not len(heads):
        return labels
    members = np.flatnonzero(np.isin(labels, heads) & (labels != np.arange(len(labels))))
    shingler = _shingler()
    template, distinct, root_row, _ = _template_rows(
        texts, members, labels[members], shingler, frequency
    )
    # _template_rows numbers the roots in sorted order: heads is sorted.
    template_sizes = np.diff(template.indptr).astype(np.float64)
    distinct_sizes = np.diff(distinct.indptr).astype(np.float64)
    usable = distinct_sizes >= MIN_SPECIFIC
    template_t, distinct_t = template.T.tocsr(), distinct.T.tocsr()
    head_size = group_size[heads]
    candidates = np.flatnonzero(group_size[labels] < head_size.max())
    labels = labels.copy()
    moved_to = np.full(len(labels), -1, dtype=np.int64)
    for start in range(0, len(candidates), _BATCH):
        chunk = candidates[start : start + _BATCH]
        matrix = shingler.transform(_padded([texts[i] for i in chunk])).tocsr()
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
