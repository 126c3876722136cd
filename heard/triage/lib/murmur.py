"""scikit-learn's HashingVectorizer of character n-grams (and of word n-grams, `WordHasher`),
computed with numpy a batch at once.

`HashingVectorizer(analyzer="char", ngram_range=(n, n), binary=True, norm=None,
alternate_sign=False, lowercase=False)` builds every n-gram as a Python string, encodes it as
UTF-8 and hashes it with MurmurHash3 (x86, 32 bits, seed 0): about a third of a millisecond for a
600-character address, the largest part of grouping a million (docs/benchmarks.md). Here a batch
of texts is one array of UTF-8 bytes; the n-gram starting at each character is hashed for every
position at once, MurmurHash3's four-byte blocks, tail and finalisation as array operations; the
column is |hash| modulo the number of features, as scikit-learn takes it. The matrix is the same,
entry for entry (tests/triage/test_murmur.py compares them); only the time differs.
See docs/decisions/0552-shingles-hashed-with-numpy.md.
"""

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_C1 = np.uint32(0xCC9E2D51)
_C2 = np.uint32(0x1B873593)
_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's char analyzer folds runs of white space
_BATCH_CHARS = 250_000  # characters per internal batch: its arrays stay in the caches
_TAIL_MASK = np.array([0, 0xFF, 0xFFFF, 0xFFFFFF], dtype=np.uint32)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix(k: np.ndarray) -> np.ndarray:
    k = k * _C1
    return _rotl(k, 15) * _C2


def murmur3_32(words: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3_x86_32 with seed 0 of byte strings: the bytes of string i are
    buffer[starts[i] : starts[i] + lengths[i]], where `words[j]` holds the little-endian 32-bit
    word of the buffer's bytes j..j+3 (words reaches 4 past every string's end). Returns uint32."""
    h = np.zeros(len(starts), dtype=np.uint32)
    blocks = lengths // 4
    with np.errstate(over="ignore"):
        for block in range(int(blocks.max(initial=0))):
            active = blocks > block
            if active.mean() > 0.5:  # most strings: whole-array operations, then keep
                # (a string already ended reads a word it then drops; clipped to the buffer)
                at = np.minimum(starts + 4 * block, len(words) - 1)
                mixed = _rotl(h ^ _mix(words[at]), 13)
                mixed *= np.uint32(5)
                mixed += np.uint32(0xE6546B64)
                np.copyto(h, mixed, where=active)
            else:
                active = np.flatnonzero(active)
                mixed = _rotl(h[active] ^ _mix(words[starts[active] + 4 * block]), 13)
                h[active] = mixed * np.uint32(5) + np.uint32(0xE6546B64)
        # The tail (0-3 bytes); a string without one mixes in 0, which changes nothing.
        tail = words[starts + 4 * blocks]
        tail &= _TAIL_MASK[lengths & 3]
        h ^= _mix(tail)
        h ^= lengths.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h


def _has_runs(text: str) -> bool:
    return any(pair in text for pair in ("  ", "\n", "\t", "\r", "\x0b", "\x0c")) and bool(
        _WHITE_SPACES.search(text))


def _columns(hashes: np.ndarray, n_features: int) -> np.ndarray:
    """scikit-learn's column: abs() of the hash as a signed 32-bit integer, modulo n_features
    (abs(-2**31) taken as 2**31, as scikit-learn defines it)."""
    signed = hashes.view(np.int32).astype(np.int64)
    return np.abs(signed) % n_features


def _buffer(joined: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of joined, where each one's UTF-8 bytes start (plus the end), and the
    little-endian 32-bit word at every byte of its UTF-8 encoding (for murmur3_32)."""
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    byte_at = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(widths, out=byte_at[1:])
    raw = np.zeros(int(byte_at[-1]) + 24, dtype=np.uint8)
    raw[: byte_at[-1]] = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    wide = raw.astype(np.uint32)
    words = wide[:-3] | (wide[1:-2] << 8) | (wide[2:-1] << 16) | (wide[3:] << 24)
    return codes, byte_at, words


def _binary(document: np.ndarray, columns: np.ndarray, documents: int, n_features: int,
            dtype) -> sparse.csr_matrix:
    """The binary matrix with a one at each (document, column), once, in order (one sort of
    combined keys)."""
    keys = np.sort(document * n_features + columns)
    distinct = np.empty(len(keys), dtype=bool)
    distinct[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    keys = keys[distinct]
    indptr = np.zeros(documents + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(keys // n_features, minlength=documents))
    return sparse.csr_matrix(
        (np.ones(len(keys), dtype=dtype), (keys % n_features).astype(np.int32), indptr),
        shape=(documents, n_features),
    )


def _batch(texts: Sequence[str], n: int, n_features: int, dtype) -> sparse.csr_matrix:
    texts = [_WHITE_SPACES.sub(" ", text) if _has_runs(text) else text for text in texts]
    codes, byte_at, words = _buffer("".join(texts))
    char_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)),
              out=char_offsets[1:])
    # The n-grams of each text: positions start .. end - n of its characters.
    counts = np.maximum(np.diff(char_offsets) - n + 1, 0)
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    document = np.repeat(np.arange(len(texts)), counts)
    positions = np.arange(int(indptr[-1])) - indptr[document] + char_offsets[document]
    starts = byte_at[positions]
    lengths = byte_at[positions + n] - starts
    columns = _columns(murmur3_32(words, starts, lengths), n_features)
    return _binary(document, columns, len(texts), n_features, dtype)


def _word_batch(texts: Sequence[str], n: int, n_features: int, dtype) -> sparse.csr_matrix:
    """Word n-grams (words: runs of non-space, as the token pattern \\S+), each the n words
    joined by single spaces: after folding white space to single spaces, that is the stretch of
    the text from the first word's start to the last one's end, hashed where it lies."""
    texts = [" ".join(text.split()) for text in texts]
    codes, byte_at, words = _buffer(" ".join(texts))  # a space between texts too
    char_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(text) + 1 for text in texts), dtype=np.int64, count=len(texts)),
              out=char_offsets[1:])
    space = codes == 32
    word_starts = np.flatnonzero(~space & np.r_[True, space[:-1]])
    word_ends = np.flatnonzero(~space & np.r_[space[1:], True]) + 1
    document = np.searchsorted(char_offsets, word_starts, side="right") - 1
    count = max(len(word_starts) - n + 1, 0)
    same = document[:count] == document[n - 1 : n - 1 + count]
    starts = byte_at[word_starts[:count][same]]
    lengths = byte_at[word_ends[n - 1 : n - 1 + count][same]] - starts
    columns = _columns(murmur3_32(words, starts, lengths), n_features)
    return _binary(document[:count][same], columns, len(texts), n_features, dtype)


class _Hasher:
    """`transform(texts)` in batches of about _BATCH_CHARS characters; nothing is fitted."""

    _batch = staticmethod(_batch)

    def __init__(self, *, n: int, n_features: int, dtype=np.float32):
        self.n = n
        self.n_features = n_features
        self.dtype = dtype

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        texts = list(texts)
        parts, start = [], 0
        while start < len(texts) or not parts:
            size, end = 0, start
            while end < len(texts) and (end == start or size < _BATCH_CHARS):
                size += len(texts[end])
                end += 1
            parts.append(self._batch(texts[start:end], self.n, self.n_features, self.dtype))
            start = end
        return parts[0] if len(parts) == 1 else sparse.vstack(parts, format="csr")


class CharHasher(_Hasher):
    """scikit-learn's binary HashingVectorizer of character n-grams of one length (see the
    module)."""


class WordHasher(_Hasher):
    """scikit-learn's binary `HashingVectorizer(analyzer="word", ngram_range=(n, n),
    token_pattern=r"\\S+", lowercase=False, alternate_sign=False, norm=None)`: the same columns
    (MurmurHash3 of each n-gram's UTF-8 bytes), entry for entry."""

    _batch = staticmethod(_word_batch)
