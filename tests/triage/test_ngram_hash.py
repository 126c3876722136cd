"""The n-gram hasher: every column is the plain-Python hash of its stretch of text, and grouping
does not depend on which hash fills the buckets (scikit-learn's MurmurHash3 groups alike)."""

import re

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.metrics.cluster import pair_confusion_matrix

from heard.triage.lib import passages, shingles
from heard.triage.lib.campaign_copies import campaign_copies
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.ngram_hash import CharHasher, WordHasher, reference_columns
from heard.triage.lib.normalise import normalise_many

ODD_TEXTS = [
    "", "a", "ab", "abcd", "abcde", "a  b   c", "tab\tand\nnew  lines", "  leading", "trailing  ",
    "привет мир", "ёжик в тумане 2022", "日本語のテキスト", "emoji 😀😀 and more 👍", "éèà ñ ç",
    "x" * 40, "mixed кириллица and latin 12345",
]
WORD_TEXTS = ODD_TEXTS + [
    "one two three four", "a\u00a0b c d e", "a\u2003b c d e f", "x\x1cy z w v",
    " ".join(f"слово{i}" for i in range(300)),  # one long text, then short ones after it
    "a b c d", "",
]


def _rows(matrix):
    return [sorted(matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]].tolist())
            for i in range(matrix.shape[0])]


def _char_columns(text, n, bits):
    text = re.sub(r"\s\s+", " ", text)
    return sorted({reference_columns(text, a, a + n, bits) for a in range(len(text) - n + 1)})


def _word_columns(text, n, bits):
    text = " ".join(text.split())
    words = text.split(" ") if text else []
    starts, at = [], 0
    for word in words:
        starts.append(at)
        at += len(word) + 1
    return sorted({
        reference_columns(text, starts[k], starts[k + n - 1] + len(words[k + n - 1]), bits)
        for k in range(len(words) - n + 1)
    })


def test_character_n_grams_hash_as_the_plain_python_reference():
    for n, bits in ((5, 26), (3, 20), (7, 10)):
        matrix = CharHasher(n=n, bits=bits).transform(ODD_TEXTS)
        assert matrix.shape == (len(ODD_TEXTS), 2**bits)
        assert _rows(matrix) == [_char_columns(text, n, bits) for text in ODD_TEXTS]
        assert set(matrix.data.tolist()) <= {1.0}


def test_word_n_grams_hash_as_the_plain_python_reference():
    for n, bits in ((4, 26), (1, 20), (2, 10)):
        matrix = WordHasher(n=n, bits=bits).transform(WORD_TEXTS)
        assert _rows(matrix) == [_word_columns(text, n, bits) for text in WORD_TEXTS]
    # A word run is the same wherever its words stand, in any text.
    first, second = WordHasher(n=4, bits=26).transform(
        ["x y one two three four", "one two three four z"]
    )
    assert _word_columns("one two three four", 4, 26)[0] in set(first.indices) & set(second.indices)


def test_no_texts_give_an_empty_matrix():
    assert CharHasher(n=5, bits=26).transform([]).shape == (0, 2**26)
    assert WordHasher(n=4, bits=26).transform([]).shape == (0, 2**26)


def test_texts_with_the_same_n_grams_have_the_same_row_and_others_differ():
    texts = normalise_many([copy.text for copy in campaign_copies(
        size=600, campaign_sizes=[100, 40, 10], seed=5)])
    matrix = shingles.shingler().transform(shingles.padded(texts))
    # Distinct 5-grams rarely share a bucket: a text's row has as many columns as it has 5-grams.
    for text, row in zip(texts, _rows(matrix), strict=True):
        grams = {text[a : a + 5] for a in range(len(text) - 4)}
        assert len(grams) - 1 <= len(row) <= len(grams)


def _scores(truth, groups):
    (_, false_positive), (false_negative, true_positive) = pair_confusion_matrix(truth, groups)
    return true_positive / (true_positive + false_positive), true_positive / (
        true_positive + false_negative)


def test_grouping_is_as_good_with_scikit_learns_murmur_hash(monkeypatch):
    """Which hash fills the buckets changes which texts the candidate step offers each other,
    not how well campaigns are found."""
    copies = campaign_copies(size=1500, campaign_sizes=[300, 120, 40, 10, 3], seed=5)
    texts = normalise_many([copy.text for copy in copies])
    truth = [c.template if c.template >= 0 else 10**6 + i for i, c in enumerate(copies)]
    ours = _scores(truth, group_duplicates(texts).group)

    def sklearn(analyzer, n):
        class Hasher:
            def transform(self, batch):
                return HashingVectorizer(
                    analyzer=analyzer, ngram_range=(n, n), token_pattern=r"\S+",
                    n_features=2**26, alternate_sign=False, binary=True, norm=None,
                    lowercase=False, dtype=np.float32,
                ).transform(batch).tocsr()
        return Hasher

    for module in ("heard.triage.lib.shingles", "heard.triage.lib.group_template",
                   "heard.triage.lib.absorb"):
        monkeypatch.setattr(f"{module}.shingler", sklearn("char", shingles.SHINGLE))
    monkeypatch.setattr(passages, "passage_vectoriser", sklearn("word", passages.PASSAGE_WORDS))
    theirs = _scores(truth, group_duplicates(texts).group)
    for precision, recall in (ours, theirs):
        assert precision >= 0.99 and recall >= 0.98
