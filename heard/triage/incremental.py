"""What lets arrivals join a finished run without a recompute; pure numpy, no ORM.

Groups: the library's MinHash signatures of each group's template, cut into short bands of two
rows as the library's containment grouping does (a copy with a story as long as the template
shares only about a third of its shingles with it), each band hashed to one signed 64-bit key
that a database index can look up. A candidate group is joined when the arrival contains enough
of its template, the library's own rule (heard/triage/lib/template_join.py).

Clusters: the library fits its vectorisers and k-means in memory and keeps neither; a stored
centroid must be recomputable for one new text years later, so it lives in a stateless hashed
space (character 3-5-grams and words): the mean of a sample of the cluster's members, trimmed to
its heaviest features.
"""

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from heard.triage.lib.duplicates import lsh_parameters, signatures

NUM_PERM = 64
_FEATURES = 2**20
_CENTROID_FEATURES = 2000
_KEY_MASK = np.uint64(2**63 - 1)


def signatures_of(texts: Sequence[str]) -> np.ndarray:
    """MinHash signatures of normalised texts, (n, NUM_PERM) uint32."""
    if not texts:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    return signatures(list(texts), num_perm=NUM_PERM)


def signature_bytes(signature: np.ndarray) -> bytes:
    return np.ascontiguousarray(signature, dtype=np.uint32).tobytes()


def signature_from(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.uint32)


def band_keys(sig: np.ndarray, threshold: float) -> np.ndarray:
    """(n, bands) int64 keys; equal keys mean an equal band of the signature."""
    bands, rows = lsh_parameters(threshold, NUM_PERM)
    generator = np.random.default_rng(11)
    keys = np.empty((len(sig), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            weights = generator.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)
            block = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
            mixed = (block * weights).sum(axis=1, dtype=np.uint64)
            # The band number is mixed in so that equal values in different bands differ.
            keys[:, band] = (mixed ^ np.uint64(band * 0x9E3779B97F4A7C15 % 2**64)) & _KEY_MASK
    return keys.astype(np.int64)


TEMPLATE_BAND_ROWS = 2


def template_band_keys(sig: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM / 2) int64 keys of two-row bands: a copy whose Jaccard similarity to its
    template is 0.25 still shares one with it with probability 0.87."""
    bands = sig.shape[1] // TEMPLATE_BAND_ROWS if sig.ndim == 2 else 0
    generator = np.random.default_rng(13)
    keys = np.empty((len(sig), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            weights = generator.integers(
                1, 2**63, size=TEMPLATE_BAND_ROWS, dtype=np.uint64) | np.uint64(1)
            rows = slice(band * TEMPLATE_BAND_ROWS, (band + 1) * TEMPLATE_BAND_ROWS)
            mixed = (sig[:, rows].astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
            keys[:, band] = (mixed ^ np.uint64(band * 0x9E3779B97F4A7C15 % 2**64)) & _KEY_MASK
    return keys.astype(np.int64)


def similarity(sig: np.ndarray, other: np.ndarray) -> float:
    return float((sig == other).mean())


def _hashers() -> tuple[HashingVectorizer, HashingVectorizer]:
    common = {"n_features": _FEATURES, "alternate_sign": False, "norm": "l2",
              "dtype": np.float32, "lowercase": False}
    return (
        HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common),
        HashingVectorizer(analyzer="word", **common),
    )


def embed(texts: Sequence[str]) -> sparse.csr_matrix:
    chars, words = _hashers()
    matrix = sparse.hstack([chars.transform(texts), words.transform(texts)]).tocsr()
    return normalize(matrix)


def centroid_build(texts: Sequence[str]) -> bytes:
    """The mean of the texts' hashed vectors, its heaviest features kept, as bytes."""
    if not texts:
        return b""
    mean = np.asarray(embed(texts).mean(axis=0)).ravel()
    indices = np.flatnonzero(mean)
    if len(indices) > _CENTROID_FEATURES:
        indices = indices[np.argsort(-mean[indices])[:_CENTROID_FEATURES]]
    indices = np.sort(indices).astype(np.int32)
    values = mean[indices].astype(np.float32)
    norm = float(np.linalg.norm(values)) or 1.0
    return indices.tobytes() + (values / norm).tobytes()


def centroid_matrix(raw_centroids: Sequence[bytes | memoryview]) -> sparse.csr_matrix:
    """Stored centroids as rows of one sparse matrix, in the order given."""
    rows, columns, values = [], [], []
    for row, raw in enumerate(raw_centroids):
        raw = bytes(raw)
        half = len(raw) // 2
        indices = np.frombuffer(raw[:half], dtype=np.int32)
        rows.append(np.full(len(indices), row, dtype=np.int32))
        columns.append(indices)
        values.append(np.frombuffer(raw[half:], dtype=np.float32))
    if not rows:
        return sparse.csr_matrix((0, 2 * _FEATURES), dtype=np.float32)
    return sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
        shape=(len(raw_centroids), 2 * _FEATURES),
    )


def nearest(texts: Sequence[str], centroids: sparse.csr_matrix) -> np.ndarray:
    """Per text, the row of the most similar centroid (-1 when there are none)."""
    if centroids.shape[0] == 0:
        return np.full(len(texts), -1, dtype=np.int64)
    scores = (embed(texts) @ centroids.T).toarray()
    return scores.argmax(axis=1).astype(np.int64)
