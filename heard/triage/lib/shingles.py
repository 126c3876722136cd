"""Character shingles and their MinHash signatures, for the whole batch at once.

Shingles are character 5-grams hashed into 2**26 buckets, a batch at once with numpy
(heard.triage.lib.ngram_hash; decision 0576).
Signatures are vectorised with numpy over the whole batch (datasketch's per-document objects are
~20x slower at millions of texts; see docs/decisions/0100-triage-minhash.md).
"""

from collections.abc import Sequence

import numpy as np
from datasketch.lsh import _optimal_param

from heard.triage.lib.ngram_hash import CharHasher

SHINGLE = 5
HASH_BITS = 26
BATCH = 100_000


def shingler() -> CharHasher:
    """`transform(texts)`: the binary matrix (float32) of texts x hashed shingles, runs of white
    space counted as one space."""
    return CharHasher(n=SHINGLE, bits=HASH_BITS, dtype=np.float32)


def padded(texts: Sequence[str]) -> list[str]:
    # A text shorter than a shingle still needs one, or it would have no signature at all; "_"
    # never occurs in normalised text and, unlike spaces, survives the vectoriser.
    return [text if len(text) >= SHINGLE else text.ljust(SHINGLE, "_") for text in texts]


def signatures_and_sizes(texts: Sequence[str], num_perm: int, seed: int, with_frequency=False):
    """MinHash signatures, shingle counts and (with_frequency) each hashed shingle's document
    frequency over texts."""
    generator = np.random.default_rng(seed)
    multipliers = generator.integers(1, 2**32, size=num_perm, dtype=np.uint64) | np.uint64(1)
    offsets = generator.integers(0, 2**32, size=num_perm, dtype=np.uint64)
    multipliers, offsets = multipliers.astype(np.uint32), offsets.astype(np.uint32)
    vectoriser = shingler()
    out = np.empty((len(texts), num_perm), dtype=np.uint32)
    sizes = np.empty(len(texts), dtype=np.int32)
    frequency = np.zeros(2**HASH_BITS, dtype=np.uint32) if with_frequency else None
    for start in range(0, len(texts), BATCH):
        matrix = vectoriser.transform(padded(texts[start : start + BATCH]))
        if frequency is not None:
            frequency += np.bincount(matrix.indices, minlength=2**HASH_BITS).astype(np.uint32)
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
    return signatures_and_sizes(texts, num_perm, seed)[0]


def lsh_parameters(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive and negative rates at threshold."""
    return _optimal_param(threshold, num_perm, 0.5, 0.5)
