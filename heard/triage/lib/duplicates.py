"""Near-duplicate grouping: mass campaigns under one primary.

MinHash over character 5-gram shingles with banded LSH, vectorised with numpy over a whole batch
(datasketch's per-document objects are ~20x slower at millions of texts; the `datasketch` backend
is kept for comparison, see docs/decisions/0100-triage-minhash.md). Candidate pairs from the bands
are verified against the estimated Jaccard similarity before they join a group.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch.lsh import _optimal_param
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer

SHINGLE = 5
_HASH_BITS = 26
_BATCH = 100_000


@dataclass(frozen=True)
class Groups:
    """Per input text: its group number and whether it is the group's primary (first) text."""

    group: np.ndarray  # int64, groups numbered in order of their primary's position
    primary: np.ndarray  # bool

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


def signatures(texts: Sequence[str], *, num_perm: int = 64, seed: int = 1) -> np.ndarray:
    """MinHash signatures, shape (len(texts), num_perm), uint32.

    Each permutation is x -> a*x + b modulo 2**32 with odd a: a bijection on 32-bit words, applied
    to every shingle of the batch at once and reduced per row with np.minimum.reduceat.
    """
    generator = np.random.default_rng(seed)
    multipliers = generator.integers(1, 2**32, size=num_perm, dtype=np.uint64) | np.uint64(1)
    offsets = generator.integers(0, 2**32, size=num_perm, dtype=np.uint64)
    multipliers, offsets = multipliers.astype(np.uint32), offsets.astype(np.uint32)
    shingler = _shingler()
    out = np.empty((len(texts), num_perm), dtype=np.uint32)
    for start in range(0, len(texts), _BATCH):
        matrix = shingler.transform(_padded(texts[start : start + _BATCH]))
        shingles = matrix.indices.astype(np.uint32)
        starts = matrix.indptr[:-1]
        with np.errstate(over="ignore"):
            # Spread the 26-bit shingle ids over 32 bits before the permutations.
            shingles = shingles * np.uint32(0x9E3779B1)
            for column in range(num_perm):
                permuted = shingles * multipliers[column] + offsets[column]
                out[start : start + len(starts), column] = np.minimum.reduceat(permuted, starts)
    return out


def lsh_parameters(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive and negative rates at threshold."""
    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def _band_edges(sig: np.ndarray, bands: int, rows: int, threshold: float):
    count = len(sig)
    generator = np.random.default_rng(7)
    sources, targets = [], []
    for band in range(bands):
        block = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
        weights = generator.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)
        with np.errstate(over="ignore"):
            keys = (block * weights).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        run_start = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        leaders = order[np.maximum.accumulate(np.where(run_start, np.arange(count), 0))]
        members = ~run_start
        sources.append(order[members])
        targets.append(leaders[members])
    if not sources:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    source = np.concatenate(sources)
    target = np.concatenate(targets)
    pairs = np.unique(np.stack([source, target], axis=1), axis=0) if len(source) else None
    if pairs is None:
        return source, target
    keep = np.empty(len(pairs), dtype=bool)
    for start in range(0, len(pairs), 1_000_000):
        chunk = pairs[start : start + 1_000_000]
        agreement = (sig[chunk[:, 0]] == sig[chunk[:, 1]]).mean(axis=1)
        keep[start : start + len(chunk)] = agreement >= threshold
    return pairs[keep, 0], pairs[keep, 1]


def _groups_from_labels(labels: np.ndarray) -> Groups:
    # Number groups by their first member, and make that first member the primary.
    _, first_position, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first_position), dtype=np.int64)
    rank[np.argsort(first_position, kind="stable")] = np.arange(len(first_position))
    group = rank[inverse.ravel()]
    primary = np.zeros(len(labels), dtype=bool)
    primary[first_position] = True
    return Groups(group=group, primary=primary)


def group_duplicates(
    texts: Sequence[str], *, threshold: float = 0.5, num_perm: int = 64, backend: str = "numpy"
) -> Groups:
    """Group normalised texts whose estimated Jaccard similarity of shingles reaches threshold.

    Identical texts are always grouped; a near-duplicate joins when it matches some member.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    texts = list(texts)
    if not texts:
        return Groups(np.empty(0, np.int64), np.empty(0, bool))
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
        sig = signatures(distinct, num_perm=num_perm)
        bands, rows = lsh_parameters(threshold, num_perm)
        source, target = _band_edges(sig, bands, rows, threshold)
        graph = sparse.coo_matrix(
            (np.ones(len(source), dtype=np.int8), (source, target)),
            shape=(len(distinct), len(distinct)),
        )
        _, labels = connected_components(graph, directed=False)
        labels = _split_chains(sig, labels, source, target, threshold)
    return _groups_from_labels(labels[rank[inverse]])


def _similarity_to(sig: np.ndarray, others: np.ndarray) -> np.ndarray:
    similarity = np.empty(len(sig), dtype=np.float32)
    for start in range(0, len(sig), 500_000):
        stop = start + 500_000
        similarity[start:stop] = (sig[start:stop] == sig[others[start:stop]]).mean(axis=1)
    return similarity


def _split_chains(sig, labels, source, target, threshold, rounds: int = 5) -> np.ndarray:
    """Keep in a group only texts similar to its primary, not merely to some other member.

    Connected components chain A-B-C although A and C differ; among millions of short texts such
    chains grow into one giant false group. Members too far from their group's primary (its first
    text) are taken out and grouped again among themselves, a few rounds, then left alone.
    """
    count = len(labels)
    positions = np.arange(count)
    labels = labels.astype(np.int64)
    for round_number in range(rounds + 1):
        primary_of = np.full(labels.max() + 1, count, dtype=np.int64)
        np.minimum.at(primary_of, labels, positions)
        # A copy and the primary are both edited; each may be a step further from the other than
        # from their template, so the primary is held to a slightly lower bar.
        strays = _similarity_to(sig, primary_of[labels]) < threshold * 0.8
        if not strays.any():
            break
        if round_number == rounds:
            labels[strays] = labels.max() + 1 + np.arange(strays.sum())
            break
        keep = strays[source] & strays[target]
        graph = sparse.coo_matrix(
            (np.ones(keep.sum(), dtype=np.int8), (source[keep], target[keep])), shape=(count, count)
        )
        _, regrouped = connected_components(graph, directed=False)
        labels[strays] = labels.max() + 1 + regrouped[strays]
    return labels


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
