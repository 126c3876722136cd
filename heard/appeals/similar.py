"""Appeals like a given one: shown to an initiator before they submit a draft, on every appeal's
page and to moderators on review, so that a second appeal for the same thing is seen early.

The text features are triage's (heard.triage.lib): its normalised form (case, ё/е, links and
masks removed), TF-IDF over words and over character n-grams within words, as its router and
clusters use them, computed with numpy hashing (lib/ngrams.py: scikit-learn's features, a
twentieth of the CPU); the rows are L2-normalised, so a dot product is the cosine similarity. The
index of the candidates (open and closed appeals, and those rejected as duplicates) is built in
the process and rebuilt, in a thread of its own while the old one serves, when an appeal is
published, closed or rejected, or after INDEX_SECONDS (an edit in the admin changes none of
those marks).
"""

import threading
import time
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q
from scipy import sparse
from sklearn.preprocessing import normalize

from heard.appeals.models import Appeal
from heard.triage.lib.ngrams import NgramTfidf
from heard.triage.lib.normalise import normalise

SIMILAR_SHOWN = 5
MIN_SIMILARITY = 0.2  # below this the appeals share words, not a subject (tests/appeals)
INDEX_SECONDS = 600
TEXT_CHARS = 1000  # of the full text: the title and demands say most of what it is about

CANDIDATES = Q(status__in=Appeal.PUBLISHED) | Q(
    status=Appeal.Status.REJECTED, rejection_code=Appeal.RejectionCode.DUPLICATE
)


def appeal_words(*, title: str, demands: list[str], text: str) -> str:
    # The title counts twice: it is what the initiator and the public name the appeal by.
    return normalise(" ".join([title, title, *demands, text[:TEXT_CHARS]]))


@dataclass(frozen=True)
class _Index:
    version: tuple
    built: float
    pks: np.ndarray
    words: NgramTfidf | None
    chars: NgramTfidf | None
    matrix: sparse.csr_matrix | None

    def vector(self, text: str) -> sparse.csr_matrix:
        combined = sparse.hstack([self.words.transform([text]), self.chars.transform([text])])
        return normalize(combined.tocsr())


_lock = threading.Lock()  # one build at a time in a process
_current: _Index | None = None


def _version() -> tuple:
    marks = Appeal.objects.filter(CANDIDATES).aggregate(
        count=Count("pk"),
        newest=Max("pk"),
        opened=Max("opened_at"),
        closed=Max("closed_at"),
        rejected=Max("rejected_at"),
    )
    return tuple(marks.values())


def _build(version: tuple) -> _Index:
    rows = list(
        Appeal.objects.filter(CANDIDATES)
        .order_by("pk")
        .values_list("pk", "title", "demands", "text")
    )
    texts = [appeal_words(title=t, demands=d or [], text=x) for _, t, d, x in rows]
    return build_index(version, [row[0] for row in rows], texts)


def build_index(version: tuple, pks: list[int], texts: list[str]) -> _Index:
    """Pure: the index of normalised `texts` (benchmarks/similar_appeals.py times it)."""
    pk_array = np.array(pks, dtype=np.int64)
    if not any(texts):
        return _Index(version, time.monotonic(), pk_array, None, None, None)
    words = NgramTfidf(ngram_range=(1, 2), sublinear_tf=True)
    chars = NgramTfidf(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = sparse.hstack([words.fit_transform(texts), chars.fit_transform(texts)])
    return _Index(version, time.monotonic(), pk_array, words, chars, normalize(matrix.tocsr()))


def nearest(index: _Index, words: str, *, limit: int, exclude: int | None = None):
    """Pure: (pk, score) of the `limit` rows most like `words`, at least MIN_SIMILARITY."""
    if not words or index.matrix is None:
        return []
    scores = (index.matrix @ index.vector(words).T).toarray().ravel()
    order = np.argsort(-scores, kind="stable")
    return [
        (int(index.pks[row]), float(scores[row]))
        for row in order[: limit + 1]
        if scores[row] >= MIN_SIMILARITY and index.pks[row] != exclude
    ][:limit]


def _rebuild(version: tuple) -> None:
    global _current
    try:
        _current = _build(version)
    finally:
        _lock.release()
        connection.close()  # this thread's own connection


def _index() -> _Index:
    """The process's index. The first request a process serves builds it; after that a change
    of the candidates (or INDEX_SECONDS) rebuilds it in a thread while requests go on with the
    index they have, so no visitor waits for a build (at 10,000 appeals about two CPU seconds,
    docs/benchmarks.md)."""
    global _current
    version = _version()
    index = _current
    if index is not None and index.version == version and (
        time.monotonic() - index.built <= INDEX_SECONDS
    ):
        return index
    if index is None:
        with _lock:
            if _current is None:
                _current = _build(version)
            return _current
    if not settings.HEARD_SIMILAR_BUILD_IN_THREAD:
        with _lock:
            _current = _build(version)
            return _current
    if _lock.acquire(blocking=False):  # released by the thread; else a build is under way
        threading.Thread(target=_rebuild, args=(version,), name="similar-appeals").start()
    return index


def index_forget() -> None:
    """Drop the process's index (tests start from none)."""
    global _current
    with _lock:
        _current = None


def similar_to(
    *,
    title: str,
    demands: list[str],
    text: str,
    exclude: int | None = None,
    limit: int = SIMILAR_SHOWN,
) -> list[tuple[Appeal, float]]:
    """The `limit` candidates most like the given words, most alike first, with the score."""
    words = appeal_words(title=title, demands=demands, text=text)
    chosen = nearest(_index(), words, limit=limit, exclude=exclude)
    found = Appeal.objects.select_related("addressee").in_bulk([pk for pk, _ in chosen])
    # An appeal that left the candidates since the index was built is skipped.
    return [
        (found[pk], score)
        for pk, score in chosen
        if pk in found and found[pk].status in Appeal.PUBLIC
    ]


def similar_appeals(appeal: Appeal, *, limit: int = SIMILAR_SHOWN) -> list[tuple[Appeal, float]]:
    return similar_to(
        title=appeal.title,
        demands=list(appeal.demands or []),
        text=appeal.text,
        exclude=appeal.pk,
        limit=limit,
    )
