import numpy as np
from sklearn.preprocessing import normalize

from heard.triage.lib.clusters import cluster_texts
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.oversized import split_oversized
from heard.triage.lib.synthetic import campaign_corpus


def _blobs(counts, seed=0):
    generator = np.random.default_rng(seed)
    centres = np.eye(len(counts), 8)
    return normalize(np.vstack([
        centres[i] + generator.normal(0, 0.05, (count, 8)) for i, count in enumerate(counts)
    ]))


def test_a_topic_above_the_share_is_split_and_the_others_keep_their_numbers():
    embedding = _blobs([30, 30, 30, 10])
    labels = np.array([0] * 90 + [1] * 10)  # three blobs lumped in topic 0
    split = split_oversized(labels, embedding, max_share=0.4)
    assert np.bincount(split).max() <= 40
    assert (split[90:] == 1).all()
    assert {0, 2, 3} <= set(split[:90].tolist())


def test_weights_count_the_addresses_a_text_stands_for():
    embedding = _blobs([10, 10])
    labels = np.array([0] * 10 + [1] * 10)
    weights = np.ones(20)
    weights[:10] = 20  # topic 0 stands for 200 of 210 addresses
    assert (split_oversized(labels, embedding, max_share=0.5) == labels).all()
    assert len(set(split_oversized(labels, embedding, weights=weights, max_share=0.5))) > 2


def test_copies_of_one_text_are_not_split():
    embedding = np.vstack([np.tile(_blobs([1]), (50, 1)), _blobs([10], seed=1)])
    labels = np.array([0] * 50 + [1] * 10)
    assert (split_oversized(labels, embedding, max_share=0.25) == labels).all()


def test_a_lopsided_clustering_gets_split():
    corpus = campaign_corpus(size=600, campaign_sizes=[], seed=5, english_share=0.0)
    texts = normalise_many(a.text for a in corpus)
    lopsided = cluster_texts(texts, clusters=2, encoder=False, max_share=None)
    assert max(c.size for c in lopsided.clusters) > 0.25 * len(texts)
    bounded = cluster_texts(texts, clusters=2, encoder=False, max_share=0.25)
    assert max(c.size for c in bounded.clusters) <= 0.25 * len(texts)
    assert sum(c.size for c in bounded.clusters) == len(texts)
    assert all(c.terms for c in bounded.clusters)
