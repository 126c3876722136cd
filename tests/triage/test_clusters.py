import numpy as np
from sklearn.metrics import normalized_mutual_info_score

from heard.triage.lib.clusters import cluster_texts
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.synthetic import campaign_corpus


def test_topics_are_recovered_and_labelled():
    corpus = campaign_corpus(size=1200, campaign_sizes=[], seed=5, english_share=0.0)
    result = cluster_texts(normalise_many(a.text for a in corpus), clusters=8, encoder=False)
    assert normalized_mutual_info_score([a.topic for a in corpus], result.labels) > 0.5
    assert sum(c.size for c in result.clusters) == len(corpus)
    assert all(c.terms and len(c.representatives) == min(3, c.size) for c in result.clusters)
    for cluster in result.clusters:
        assert set(np.asarray(result.labels)[cluster.representatives]) == {cluster.number}


def test_a_handful_of_texts_still_gets_clusters():
    result = cluster_texts(["снег на дороге", "яма на дороге", "лифт"], encoder=False)
    assert len(result.labels) == 3


def test_directions_learnt_from_a_part_of_the_sample_still_recover_the_topics(monkeypatch):
    from heard.triage.lib import clusters

    corpus = campaign_corpus(size=1200, campaign_sizes=[], seed=5, english_share=0.0)
    monkeypatch.setattr(clusters, "SVD_SAMPLE", 300)  # a quarter of the texts fit the SVD
    result = cluster_texts(normalise_many(a.text for a in corpus), clusters=8, encoder=False)
    assert normalized_mutual_info_score([a.topic for a in corpus], result.labels) > 0.5
    assert sum(c.size for c in result.clusters) == len(corpus)
