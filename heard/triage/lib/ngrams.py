"""TF-IDF over character and word n-grams of normalised texts, computed with numpy a batch at once.

scikit-learn's analyzers build every n-gram as a Python string and look it up in a dict: about
1 ms a text for the character 2-5-grams of a 600-character address, a quarter of an hour of CPU
for the router alone at a million addresses (docs/benchmarks.md). Here a batch of texts is one
array of code points; an n-gram is a 64-bit polynomial hash of its code points, computed for
every position at once; the vocabulary is the hashes kept at fit (min_df, then the max_features
most frequent, as scikit-learn chooses), and a transform finds them with searchsorted.

The features are scikit-learn's `TfidfVectorizer` ones for normalised text (lower-case words of
word characters separated by single spaces, lib/normalise.py): `analyzer="char_wb"` n-grams
(each word padded with a space on either side), or word n-grams of the words of two characters
or more (the default token pattern); smooth idf, optional sublinear tf, rows of length 1. Only
the columns' order differs (by hash, not alphabetical). Two different n-grams sharing a 64-bit
hash would share a column; at the sizes here that is about one chance in ten million.
See docs/decisions/0529-database-triage-at-a-million.md.
"""

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

_P = np.uint64(1_000_003)  # odd, so invertible modulo 2**64
_SPACE = 32
_BATCH_CHARS = 4_000_000  # code points per internal batch: ~100 MB of hashes for 2-5-grams
_SALT = np.uint64(0x9E3779B97F4A7C15)


def _code_points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts, each padded with a space on either side, as one uint64 array of code points,
    and the offset where each starts (plus the end)."""
    padded = [f" {text} " for text in texts]
    lengths = np.fromiter((len(text) for text in padded), dtype=np.int64, count=len(padded))
    offsets = np.zeros(len(padded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    return codes.astype(np.uint64), offsets


def _batches(texts: Sequence[str]):
    """Slices of texts of about _BATCH_CHARS characters each."""
    start = 0
    while start < len(texts):
        size, end = 0, start
        while end < len(texts) and (size == 0 or size < _BATCH_CHARS):
            size += len(texts[end]) + 2
            end += 1
        yield start, end
        start = end


def _char_keys(codes: np.ndarray, offsets: np.ndarray, low: int, high: int):
    """(document, key) of every char_wb n-gram of length low..high."""
    length = len(codes)
    document = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    space = codes == _SPACE
    spaces_before = np.zeros(length + 1, dtype=np.int64)
    np.cumsum(space, out=spaces_before[1:])
    docs, keys = [], []
    hashes = codes.copy()  # hashes[i]: of the n code points from i, for the current n
    with np.errstate(over="ignore"):
        for n in range(2, high + 1):
            count = length - n + 1
            if count <= 0:
                break
            hashes = hashes[:count] * _P + codes[n - 1 :]
            if n < low:
                continue
            # Within one document and one padded word: no space strictly inside, and not two
            # spaces (the gap between documents); a word shorter than n is its own n-gram once.
            keep = spaces_before[n - 1 : n - 1 + count] == spaces_before[1 : 1 + count]
            keep &= document[:count] == document[n - 1 :]
            if n == 2:
                keep &= ~(space[:count] & space[1:])
            docs.append(document[:count][keep])
            keys.append(hashes[keep] ^ (np.uint64(n) * _SALT))
    if not keys:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    return np.concatenate(docs), np.concatenate(keys)


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i < length."""
    inverse = np.uint64(pow(int(_P), -1, 2**64))
    with np.errstate(over="ignore"):
        up = np.cumprod(np.full(length, _P, dtype=np.uint64))
        down = np.cumprod(np.full(length, inverse, dtype=np.uint64))
    up = np.concatenate([[np.uint64(1)], up[:-1]])
    down = np.concatenate([[np.uint64(1)], down[:-1]])
    return up, down


def _word_keys(codes: np.ndarray, offsets: np.ndarray, low: int, high: int, shortest: int,
               prefixes: np.ndarray | None):
    """(document, key) of every word n-gram of length low..high over words of `shortest`
    characters or more; prefixes (a key per document) are mixed into every key."""
    length = len(codes)
    space = codes == _SPACE
    starts = np.flatnonzero(space[:-1] & ~space[1:]) + 1
    ends = np.flatnonzero(~space[:-1] & space[1:]) + 1
    keep = (ends - starts) >= shortest
    starts, ends = starts[keep], ends[keep]
    document = np.searchsorted(offsets, starts, side="right") - 1
    up, down = _powers(length + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(length + 1, dtype=np.uint64)
        np.cumsum(codes * up[:length], out=prefix[1:])
        words = (prefix[ends] - prefix[starts]) * down[starts]
        if prefixes is not None:
            words = words * _SALT + prefixes[document]
        docs, keys = [], []
        for n in range(low, high + 1):
            count = len(words) - n + 1
            if count <= 0:
                break
            hashes = words[:count].copy()
            for offset in range(1, n):
                hashes = hashes * _P + words[offset : offset + count]
            same = document[:count] == document[n - 1 : n - 1 + count]
            docs.append(document[:count][same])
            keys.append(hashes[same] ^ (np.uint64(n) * _SALT))
    if not keys:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    return np.concatenate(docs), np.concatenate(keys)


def string_key(text: str) -> int:
    """A 64-bit hash of a whole string (spaces and all), for prefixes: e.g. a region per
    document, so that its words are features of their own in each region."""
    key = 0
    for character in text:
        key = (key * int(_P) + ord(character)) % 2**64
    return key


def _frequencies(docs: np.ndarray, keys: np.ndarray):
    """Distinct keys, how often each occurs, and in how many documents."""
    if not len(keys):
        return keys, np.empty(0, np.int64), np.empty(0, np.int64)
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    new_key = np.empty(len(keys), dtype=bool)
    new_key[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new_key[1:])
    new_pair = new_key.copy()
    new_pair[1:] |= docs[1:] != docs[:-1]
    starts = np.flatnonzero(new_key)
    terms = np.diff(np.append(starts, len(keys)))
    return keys[starts], terms, np.add.reduceat(new_pair.astype(np.int64), starts)


class NgramTfidf:
    """`fit`, `transform` and `fit_transform` as scikit-learn's TfidfVectorizer (see the module)."""

    def __init__(self, *, analyzer: str = "word", ngram_range: tuple[int, int] = (1, 1),
                 min_df: int = 1, max_features: int | None = None, sublinear_tf: bool = False,
                 shortest_word: int = 2, dtype=np.float32):
        if analyzer not in ("word", "char_wb"):
            raise ValueError("analyzer is 'word' or 'char_wb'")
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.shortest_word = shortest_word
        self.dtype = dtype

    def _keys(self, texts: Sequence[str], prefixes: np.ndarray | None):
        codes, offsets = _code_points(texts)
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            return _char_keys(codes, offsets, low, high)
        return _word_keys(codes, offsets, low, high, self.shortest_word, prefixes)

    def _prefixes(self, prefixes, start, end):
        return None if prefixes is None else np.asarray(prefixes[start:end], dtype=np.uint64)

    def fit(self, texts: Sequence[str], prefixes: Sequence[int] | None = None) -> "NgramTfidf":
        texts = list(texts)
        found_keys, found_terms, found_documents = [], [], []
        for start, end in _batches(texts):
            docs, keys = self._keys(texts[start:end], self._prefixes(prefixes, start, end))
            unique, terms, documents = _frequencies(docs, keys)
            found_keys.append(unique)
            found_terms.append(terms)
            found_documents.append(documents)
        if not found_keys or not sum(len(keys) for keys in found_keys):
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        keys, inverse = np.unique(np.concatenate(found_keys), return_inverse=True)
        terms = np.bincount(inverse, weights=np.concatenate(found_terms))
        documents = np.bincount(inverse, weights=np.concatenate(found_documents))
        kept = np.flatnonzero(documents >= self.min_df)
        if not len(kept):
            raise ValueError("After pruning, no terms remain. Try a lower min_df.")
        if self.max_features is not None and len(kept) > self.max_features:
            kept = kept[np.argsort(-terms[kept], kind="stable")[: self.max_features]]
            kept.sort()
        self.keys_ = keys[kept]
        self.idf_ = (np.log((1 + len(texts)) / (1 + documents[kept])) + 1).astype(self.dtype)
        return self

    def transform(self, texts: Sequence[str], prefixes: Sequence[int] | None = None):
        texts = list(texts)
        parts = []
        for start, end in _batches(texts):
            docs, keys = self._keys(texts[start:end], self._prefixes(prefixes, start, end))
            columns = np.searchsorted(self.keys_, keys)
            columns[columns == len(self.keys_)] = 0
            found = self.keys_[columns] == keys if len(self.keys_) else np.zeros(len(keys), bool)
            matrix = sparse.csr_matrix(
                (np.ones(int(found.sum()), dtype=self.dtype), (docs[found], columns[found])),
                shape=(end - start, len(self.keys_)),
            )
            matrix.sum_duplicates()
            parts.append(matrix)
        if not parts:
            return sparse.csr_matrix((0, len(self.keys_)), dtype=self.dtype)
        matrix = sparse.vstack(parts, format="csr") if len(parts) > 1 else parts[0]
        if self.sublinear_tf:
            np.log(matrix.data, out=matrix.data)
            matrix.data += 1
        matrix.data *= self.idf_[matrix.indices]
        return normalize(matrix, copy=False).astype(self.dtype, copy=False)

    def fit_transform(self, texts: Sequence[str], prefixes: Sequence[int] | None = None):
        texts = list(texts)
        return self.fit(texts, prefixes).transform(texts, prefixes)
