import numpy as np
from sklearn.metrics import normalized_mutual_info_score

from heard.triage.lib.guidance import guide_fit
from heard.triage.lib.io import Record
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.pipeline import history_guide, triage
from tests.triage.facets import SUBJECTS, facet_texts


def _records(texts: list[str], subjects: list[str] | None = None) -> list[Record]:
    return [
        Record(id=i, text=text, category=subjects[i] if subjects else None)
        for i, text in enumerate(texts)
    ]


def test_history_categories_steer_topics_towards_them():
    texts, subjects = facet_texts(150, seed=1)
    history_texts, history_subjects = facet_texts(300, seed=2)
    # Without the bound on a topic's share, so that three topics stay three.
    alone = triage(_records(texts), clusters=3, encoder=False, max_topic_share=None)
    guided = triage(_records(texts), history=_records(history_texts, history_subjects),
                    clusters=3, encoder=False, max_topic_share=None)
    before = normalized_mutual_info_score(subjects, alone.cluster_labels)
    after = normalized_mutual_info_score(subjects, guided.cluster_labels)
    assert before < 0.3  # the frames win when the texts are alone
    assert after > 0.9
    subject_words = {word for phrases in SUBJECTS.values() for phrase in phrases
                     for word in phrase.split()}
    for cluster in guided.clustering.clusters:  # and the labels name the subject
        assert subject_words & set(" ".join(cluster.terms).split())


def test_without_history_the_topics_are_unchanged():
    texts, _ = facet_texts(120, seed=3)
    plain = triage(_records(texts), clusters=3, encoder=False)
    for history in ((), _records(texts)):  # the second has no category or topic at all
        again = triage(_records(texts), history=history, clusters=3, encoder=False)
        assert np.array_equal(plain.cluster_labels, again.cluster_labels)
        assert [c.terms for c in plain.clustering.clusters] == \
            [c.terms for c in again.clustering.clusters]


def test_a_history_too_small_to_learn_from_teaches_nothing():
    texts, subjects = facet_texts(20, seed=4)
    assert history_guide(_records(texts, subjects)) is None
    assert guide_fit(normalise_many(texts), [[None] * len(texts)]) is None


def test_scores_are_probabilities_per_labelling():
    texts, subjects = facet_texts(120, seed=5)
    normalised = normalise_many(texts)
    guide = guide_fit(normalised, [subjects, [s[0] if i % 2 else None for i, s in
                                              enumerate(subjects)]])
    scores = guide.scores(normalised[:10])
    assert scores.shape == (10, 3 + 3)
    # Each labelling sums to one; together they are scaled so that the whole is at most 1 long.
    assert np.allclose(scores.sum(axis=1), 2 / np.sqrt(2), atol=1e-5)
    assert np.all(np.linalg.norm(scores, axis=1) <= 1 + 1e-6)
