"""No topic swallows the rest: a topic above a share of the campaign is clustered again inside.

k-means over a campaign whose texts share a template (greetings, the city, the year) can put most
of it into one centre. Inside such a topic, the members' shared direction is taken away (their mean
is subtracted) so that what tells them apart decides the new centres. The largest piece keeps the
topic's number and the others get numbers after the last, so every other topic keeps its own.
"""

import math

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.preprocessing import normalize

MAX_TOPIC_SHARE = 0.25
_ROUNDS = 4
_FIT_SAMPLE = 100_000


def split_oversized(
    labels: np.ndarray,
    embedding: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    max_share: float | None = MAX_TOPIC_SHARE,
    seed: int = 0,
) -> np.ndarray:
    """Labels with every topic heavier than max_share of the total split; weights count the
    addresses each text stands for (a campaign's primary stands for all its copies)."""
    labels = np.array(labels, dtype=np.int64)
    if max_share is None or len(labels) == 0:
        return labels
    weights = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=np.float64)
    limit = max_share * weights.sum()
    generator = np.random.default_rng(seed)
    unsplittable: set[int] = set()
    for _ in range(_ROUNDS):
        sizes = np.bincount(labels, weights=weights, minlength=labels.max() + 1)
        over = [n for n in np.flatnonzero(sizes > limit) if int(n) not in unsplittable]
        if not over:
            break
        for number in over:
            members = np.flatnonzero(labels == number)
            pieces = _pieces(embedding[members], math.ceil(2 * sizes[number] / limit), generator)
            if pieces is None:
                unsplittable.add(int(number))  # one text, or copies of one: nothing to split
                continue
            piece_weights = np.bincount(pieces, weights=weights[members])
            order = [p for p in np.argsort(-piece_weights, kind="stable") if piece_weights[p] > 0]
            numbers = {int(order[0]): int(number)}
            following = labels.max() + 1
            for offset, piece in enumerate(order[1:]):
                numbers[int(piece)] = int(following + offset)
            labels[members] = [numbers[int(p)] for p in pieces]
    return labels


def _pieces(vectors: np.ndarray, count: int, generator) -> np.ndarray | None:
    # Distinct rows bound the pieces; a few thousand rows tell whether there are enough.
    distinct = len(np.unique(np.round(vectors[:10_000], 5), axis=0))
    count = min(max(2, count), distinct)
    if count < 2:
        return None
    centred = normalize(vectors - vectors.mean(axis=0))
    fit = centred
    if len(centred) > _FIT_SAMPLE:
        fit = centred[generator.choice(len(centred), size=_FIT_SAMPLE, replace=False)]
    model = MiniBatchKMeans(
        n_clusters=count, batch_size=4096, n_init=3, random_state=int(generator.integers(2**31)),
        max_no_improvement=20,
    ).fit(fit)
    pieces = model.predict(centred).astype(np.int64)
    return pieces if len(np.unique(pieces)) > 1 else None
