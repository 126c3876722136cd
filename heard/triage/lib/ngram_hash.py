"""Binary matrices of hashed character n-grams and word n-grams, a batch of texts at once.

Every n-gram is a stretch of its text, so its hash is read off prefix sums: with an odd base B
and its inverse modulo 2**64, S[i] = sum of code[j] * B**-j over j < i, and the stretch a..b
(b excluded) hashes to (S[b] - S[a]) * B**(b - 1), which is sum of code[j] * B**(b - 1 - j): a
polynomial of the stretch's own code points, wherever it lies. One cumulative sum over the
batch's code points, then a subtraction and two multiplications per n-gram; the column is the
top bits of the hash (mixed with the stretch's length) times an odd constant.

This replaced numpy MurmurHash3 over UTF-8 bytes, which gave scikit-learn's HashingVectorizer
columns entry for entry and was half of grouping's time (decision 0576). Nothing hashed here is
stored: the columns live only in one run's memory. `reference_columns` is the same hash in plain
Python, one n-gram at a time, for the tests.
"""

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_BASE = 0x9E3779B97F4A7C15 | 1  # odd: invertible modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 2**64)
_MIX = 0xD6E8FEB86659FD93  # odd; the top bits of hash * _MIX are the column
_LENGTH = 0xA0761D6478BD642F
_WHITE_SPACES = re.compile(r"\s\s+")  # runs of white space fold to one space, as scikit-learn's
_BATCH_CHARS = 250_000  # characters per internal batch: its arrays stay in the caches
_powers = np.ones(1, dtype=np.uint64)
_inverse_powers = np.ones(1, dtype=np.uint64)


def _tables(length: int) -> tuple[np.ndarray, np.ndarray]:
    """B**i and B**-i modulo 2**64 for i < length (grown once, kept)."""
    global _powers, _inverse_powers
    if len(_powers) < length:
        size = max(length, 2 * len(_powers))
        with np.errstate(over="ignore"):
            _powers, _inverse_powers = (_cumulative_powers(base, size)
                                        for base in (_BASE, _BASE_INVERSE))
    return _powers, _inverse_powers


def _cumulative_powers(base: int, size: int) -> np.ndarray:
    factors = np.full(size, base, dtype=np.uint64)
    factors[0] = 1
    return np.cumprod(factors, dtype=np.uint64)


def _prefix(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """S (len(codes) + 1 entries) and the powers of B, for `_stretches`."""
    powers, inverse = _tables(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.cumsum(codes.astype(np.uint64) * inverse[: len(codes)], out=prefix[1:])
    return prefix, powers


def _stretches(prefix, powers, starts: np.ndarray, ends: np.ndarray, bits: int) -> np.ndarray:
    """The column (0 .. 2**bits - 1) of each stretch starts[i] .. ends[i] of the code points."""
    with np.errstate(over="ignore"):
        value = (prefix[ends] - prefix[starts]) * powers[ends - 1]
        value ^= (ends - starts).astype(np.uint64) * np.uint64(_LENGTH)
        value *= np.uint64(_MIX)
    return (value >> np.uint64(64 - bits)).astype(np.int64)


def reference_columns(text: str, start: int, end: int, bits: int) -> int:
    """The column of text[start:end], in plain Python (what `_stretches` computes)."""
    value = 0
    for offset, char in enumerate(text[start:end]):
        value = (value + ord(char) * pow(_BASE, end - start - 1 - offset, 2**64)) % 2**64
    value ^= ((end - start) * _LENGTH) % 2**64
    return ((value * _MIX) % 2**64) >> (64 - bits)


def _codes(joined: str) -> np.ndarray:
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def _binary(document: np.ndarray, columns: np.ndarray, documents: int, bits: int):
    """indptr and sorted distinct columns per document (one sort of combined keys)."""
    keys = np.sort(document << bits | columns)
    distinct = np.empty(len(keys), dtype=bool)
    distinct[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    keys = keys[distinct]
    indptr = np.zeros(documents + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys >> bits, minlength=documents), out=indptr[1:])
    return indptr, (keys & ((1 << bits) - 1)).astype(np.int32)


def _char_batch(texts: Sequence[str], n: int, bits: int):
    joined = "".join(texts)
    if _WHITE_SPACES.search(joined):  # rare in normalised texts: fold each text's runs then
        texts = [_WHITE_SPACES.sub(" ", text) for text in texts]
        joined = "".join(texts)
    codes = _codes(joined)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=offsets[1:])
    counts = np.maximum(np.diff(offsets) - n + 1, 0)
    starts_at = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts_at[1:])
    document = np.repeat(np.arange(len(texts)), counts)
    starts = np.arange(int(starts_at[-1])) - starts_at[document] + offsets[document]
    prefix, powers = _prefix(codes)
    columns = _stretches(prefix, powers, starts, starts + n, bits)
    return _binary(document, columns, len(texts), bits)


def _word_batch(texts: Sequence[str], n: int, bits: int):
    """Word n-grams (words: runs of non-space), each the n words joined by single spaces: after
    folding white space to single spaces, the stretch from the first word's start to the last
    one's end."""
    texts = [" ".join(text.split()) for text in texts]
    codes = _codes(" ".join(texts))  # a space between texts too
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(text) + 1 for text in texts), dtype=np.int64, count=len(texts)),
              out=offsets[1:])
    space = codes == 32
    word_starts = np.flatnonzero(~space & np.r_[True, space[:-1]])
    word_ends = np.flatnonzero(~space & np.r_[space[1:], True]) + 1
    document = np.searchsorted(offsets, word_starts, side="right") - 1
    count = max(len(word_starts) - n + 1, 0)
    same = document[:count] == document[n - 1 : n - 1 + count]
    prefix, powers = _prefix(codes)
    columns = _stretches(prefix, powers, word_starts[:count][same],
                         word_ends[n - 1 : n - 1 + count][same], bits)
    return _binary(document[:count][same], columns, len(texts), bits)


class _Hasher:
    """`transform(texts)`: the binary texts x 2**bits matrix of hashed n-grams, in batches of
    about _BATCH_CHARS characters; nothing is fitted."""

    _batch = staticmethod(_char_batch)

    def __init__(self, *, n: int, bits: int, dtype=np.float32):
        self.n, self.bits, self.dtype = n, bits, dtype

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        texts = list(texts)
        pointers, columns, start, done = [np.zeros(1, dtype=np.int64)], [], 0, 0
        while start < len(texts):
            size, end = 0, start
            while end < len(texts) and (end == start or size < _BATCH_CHARS):
                size += len(texts[end])
                end += 1
            indptr, indices = self._batch(texts[start:end], self.n, self.bits)
            pointers.append(indptr[1:] + done)
            columns.append(indices)
            done += len(indices)
            start = end
        indices = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int32)
        return sparse.csr_matrix(
            (np.ones(len(indices), dtype=self.dtype), indices, np.concatenate(pointers)),
            shape=(len(texts), 2**self.bits),
        )


class CharHasher(_Hasher):
    """Character n-grams of one length."""


class WordHasher(_Hasher):
    """Word n-grams of one length (words are runs of non-space)."""

    _batch = staticmethod(_word_batch)
