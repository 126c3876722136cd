"""The containment rule, and the candidate step that offers each text the templates it may hold.

A copy joins a template when it holds threshold of the template's shingles (estimated from
MinHash Jaccard similarity here, counted exactly in heard.triage.lib.group_template). Candidates
come from MinHash signatures cut into many short LSH bands: in every band bucket the text with
the fewest shingles is the leader; a text points to the leader that its estimate says it
contains best, and pointers are followed to a root.
"""

import numpy as np

# A template shorter than this many shingles (two or three sentences) is too common to stand for a
# campaign on its own terms: short texts on one topic share whole phrases. Copies of a short
# template must contain (1 + threshold) / 2 of it and be at most SHORT_GROWTH times its size.
MIN_TEMPLATE = 150
SHORT_GROWTH = 2.0
# A copy may carry a story as long as the template, a greeting and a signature; a text more than
# four times its template's size is a letter of its own that quotes the template.
MAX_GROWTH = 4.0
# Short bands find a long copy whose Jaccard similarity to its template is only about 0.3.
BAND_ROWS = 2


def joins(small, large, jaccard, threshold: float, slack: float = 1.0) -> np.ndarray:
    """Whether the text of large shingles joins the template of small ones, from their Jaccard
    similarity: by containment, held to a higher bar and less growth for a short template."""
    small, large = small.astype(np.float64), large.astype(np.float64)
    contained = jaccard * (small + large) / ((1 + jaccard) * np.maximum(small, 1))
    short = small < MIN_TEMPLATE
    bar = np.where(short, (1 + threshold) / 2, threshold) * slack
    growth = np.where(short, SHORT_GROWTH, MAX_GROWTH)
    return ((contained >= bar) & (large <= growth * small)) | (jaccard >= threshold * slack)


def best_leaders(sig, sizes, members: np.ndarray, threshold: float) -> np.ndarray:
    """For each of members (positions), the leader it joins best, or itself."""
    sub, sub_sizes = sig[members], sizes[members]
    count = len(members)
    generator = np.random.default_rng(7)
    sources, targets = [], []
    for band in range(sig.shape[1] // BAND_ROWS):
        block = sub[:, band * BAND_ROWS : (band + 1) * BAND_ROWS].astype(np.uint64)
        weights = generator.integers(1, 2**63, size=BAND_ROWS, dtype=np.uint64) | np.uint64(1)
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
    # Distinct (source, target) pairs in lexicographic order, as one int64 key each, sorted:
    # numpy's unique over rows (axis=0) sorts a structured view, several times slower.
    keys = np.sort(np.concatenate(sources).astype(np.int64) * count + np.concatenate(targets))
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    pairs = np.stack([keys // count, keys % count], axis=1)
    scores = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), 1_000_000):
        chunk = pairs[start : start + 1_000_000]
        jaccard = (sub[chunk[:, 0]] == sub[chunk[:, 1]]).mean(axis=1)
        small, large = sub_sizes[chunk[:, 1]], sub_sizes[chunk[:, 0]]
        # The estimate from 64 permutations is rough; the exact check against the root follows.
        passes = joins(small, large, jaccard, threshold, slack=0.95)
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
    return members[_follow(parent)]


def _follow(parent) -> np.ndarray:
    """Pointers followed to roots: leaders are smaller (by size, then position) than their
    members, so they end; the exact check against the root's template follows."""
    while True:
        hop = parent[parent]
        if np.array_equal(hop, parent):
            return parent
        parent = hop
