import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from heard.triage.lib.ngrams import NgramTfidf, string_key
from heard.triage.lib.normalise import normalise_many

TEXTS = normalise_many([
    "Прошу вернуть мужа домой, он мобилизован в октябре",
    "Прошу вернуть сына домой: он мобилизован в ноябре",
    "Please bring my husband home, he was mobilised in October",
    "Нет горячей воды в доме 5 по улице Ленина уже месяц",
    "Горячей воды нет в доме 7, улица Мира",
    "я а б в",
    "",
    "Дорога разбита, ямы на дороге, прошу отремонтировать дорогу",
])


def _gram(matrix):
    dense = matrix.toarray().astype(np.float64)
    return dense @ dense.T


@pytest.mark.parametrize("options", [
    {"analyzer": "char_wb", "ngram_range": (2, 5)},
    {"analyzer": "char_wb", "ngram_range": (3, 5), "sublinear_tf": True},
    {"analyzer": "word", "ngram_range": (1, 2), "sublinear_tf": True},
    {"analyzer": "word", "ngram_range": (1, 1), "min_df": 2},
])
def test_the_same_vectors_as_scikit_learn(options):
    ours = NgramTfidf(**options).fit(TEXTS)
    theirs = TfidfVectorizer(dtype=np.float32, **options).fit(TEXTS)
    assert len(ours.keys_) == len(theirs.vocabulary_)
    # Columns come in another order; the similarities between texts are the same.
    assert np.allclose(_gram(ours.transform(TEXTS)), _gram(theirs.transform(TEXTS)), atol=1e-5)
    unseen = normalise_many(["Мобилизован муж, прошу вернуть", "hot water", ""])
    assert np.allclose(ours.transform(unseen).toarray() @ ours.transform(TEXTS).toarray().T,
                       theirs.transform(unseen).toarray() @ theirs.transform(TEXTS).toarray().T,
                       atol=1e-5)


def test_max_features_keeps_the_most_frequent():
    ours = NgramTfidf(analyzer="word", max_features=3).fit(TEXTS)
    theirs = TfidfVectorizer(max_features=3).fit(TEXTS)
    kept = {word for word in theirs.vocabulary_}
    assert len(ours.keys_) == 3
    assert np.allclose(_gram(ours.transform(TEXTS)),
                       _gram(TfidfVectorizer(vocabulary=sorted(kept)).fit(TEXTS).transform(TEXTS)),
                       atol=1e-5)


def test_prefixes_make_words_of_each_prefix_their_own():
    regions = np.array([string_key("Северный район"), string_key("Северный округ")],
                       dtype=np.uint64)
    texts = ["снег на тротуаре", "снег на тротуаре"]
    vectors = NgramTfidf(shortest_word=1).fit_transform(texts, regions).toarray()
    assert (vectors[0] @ vectors[1]) == pytest.approx(0)
    same = NgramTfidf(shortest_word=1).fit_transform(texts, regions[[0, 0]]).toarray()
    assert (same[0] @ same[1]) == pytest.approx(1)


def test_nothing_to_learn_is_refused():
    with pytest.raises(ValueError):
        NgramTfidf(analyzer="word").fit(["", "a b"])
