"""The numpy shingler gives scikit-learn's HashingVectorizer matrix, and therefore its groups."""

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from heard.triage.lib import passages, shingles
from heard.triage.lib.campaign_copies import campaign_copies
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.murmur import CharHasher, WordHasher
from heard.triage.lib.normalise import normalise_many

ODD_TEXTS = [
    "", "a", "ab", "abcd", "abcde", "a  b   c", "tab\tand\nnew  lines", "  leading", "trailing  ",
    "привет мир", "ёжик в тумане 2022", "日本語のテキスト", "emoji 😀😀 and more 👍", "éèà ñ ç",
    "x" * 40, "mixed кириллица and latin 12345",
]


def _sklearn(texts, n=5, features=2**26):
    return HashingVectorizer(
        analyzer="char", ngram_range=(n, n), n_features=features, alternate_sign=False,
        binary=True, norm=None, lowercase=False, dtype=np.float32,
    ).transform(texts)


def _corpus(size=1500, seed=5):
    copies = campaign_copies(size=size, campaign_sizes=[300, 120, 40, 10, 3], seed=seed)
    return normalise_many([copy.text for copy in copies])


def _same(expected, got):
    expected = expected.tocsr()
    expected.sort_indices()
    assert expected.shape == got.shape
    assert np.array_equal(expected.indptr, got.indptr)
    assert np.array_equal(expected.indices, got.indices)
    assert np.array_equal(expected.data, got.data)


def test_odd_texts_hash_to_scikit_learns_columns():
    _same(_sklearn(ODD_TEXTS), CharHasher(n=5, n_features=2**26).transform(ODD_TEXTS))


def test_other_lengths_and_sizes_hash_alike():
    for n, features in ((3, 2**20), (4, 2**10), (7, 2**26)):
        _same(_sklearn(ODD_TEXTS, n, features),
              CharHasher(n=n, n_features=features).transform(ODD_TEXTS))


def test_a_campaign_corpus_gives_the_same_shingle_sets():
    texts = shingles.padded(_corpus())
    _same(_sklearn(texts), shingles.shingler().transform(texts))


def test_no_texts_give_an_empty_matrix():
    assert CharHasher(n=5, n_features=2**26).transform([]).shape == (0, 2**26)


def test_grouping_is_the_same_with_either_shingler(monkeypatch):
    texts = _corpus(seed=9)
    ours = group_duplicates(texts)

    class Sklearn:
        def transform(self, batch):
            return _sklearn(batch).tocsr()

    for module in ("heard.triage.lib.shingles", "heard.triage.lib.group_template",
                   "heard.triage.lib.absorb"):
        monkeypatch.setattr(f"{module}.shingler", Sklearn)
    theirs = group_duplicates(texts)
    assert (np.bincount(ours.group) >= 2).sum() >= 5  # the corpus has campaigns to group
    assert np.array_equal(ours.group, theirs.group)
    assert np.array_equal(ours.template, theirs.template)


def _sklearn_words(texts, n=4, features=2**26):
    return HashingVectorizer(
        analyzer="word", ngram_range=(n, n), token_pattern=r"\S+", n_features=features,
        alternate_sign=False, binary=True, norm=None, lowercase=False, dtype=np.float32,
    ).transform(texts)


WORD_TEXTS = ODD_TEXTS + [
    "one two three four", "a\u00a0b c d e", "a\u2003b c d e f", "x\x1cy z w v",
    " ".join(f"слово{i}" for i in range(300)),  # one long text, then short ones after it
    "a b c d", "",
]


def test_word_runs_hash_to_scikit_learns_columns():
    for n, features in ((4, 2**26), (1, 2**20), (2, 2**10)):
        _same(_sklearn_words(WORD_TEXTS, n, features),
              WordHasher(n=n, n_features=features).transform(WORD_TEXTS))
    texts = _corpus(seed=7)
    _same(_sklearn_words(texts), passages.passage_vectoriser().transform(texts))
    assert WordHasher(n=4, n_features=2**26).transform([]).shape == (0, 2**26)
