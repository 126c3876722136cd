"""The office's history teaches the topics: what staff assigned before steers what is clustered now.

An office that has categorised (or given a finer topic to) earlier addresses already says which
differences between texts matter to it. A linear classifier per labelling (category, topic) is
trained on the history's texts; its scores for the texts being clustered are appended to their
text vectors, so that k-means puts together texts the office would have labelled alike, while the
text vectors still separate what the history never saw. Without history nothing is appended and
clustering is what it was. See docs/decisions/0524-history-guided-topics.md.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.svm import LinearSVC

from heard.triage.lib.ngrams import NgramTfidf

# A labelling needs at least this many labelled texts and two labels seen MIN_PER_LABEL times.
MIN_HISTORY = 50
MIN_PER_LABEL = 3
# Softmax temperature over a LinearSVC's margins: margins lie roughly in [-1.5, 1.5].
_SHARPNESS = 4.0
# Words and word pairs only: character n-grams added +0.02 NMI on the real appeals for three
# times the seconds (docs/benchmarks.md, 2026-12-06), and the scores of a million primaries
# would cost a second pass of them.
_MAX_FEATURES = 100_000


@dataclass
class _Labelling:
    classes: np.ndarray
    model: LinearSVC


@dataclass
class Guide:
    """Fitted on history; `scores(texts)` gives the vectors appended before clustering."""

    words: NgramTfidf
    labellings: list[_Labelling]

    def features(self, texts: Sequence[str]):
        return self.words.transform(texts)

    def scores(self, texts: Sequence[str], *, batch: int = 50_000) -> np.ndarray:
        """Per text the concatenated label probabilities of every labelling (length at most 1)."""
        parts = []
        for start in range(0, len(texts), batch):
            matrix = self.features(texts[start : start + batch])
            # A confident text's probabilities have a length near 1, an uncertain one's less:
            # where the history cannot tell, the text vector decides. Each labelling weighs alike.
            rows = [_probabilities(labelling.model.decision_function(matrix), labelling.classes)
                    for labelling in self.labellings]
            parts.append((np.hstack(rows) / np.sqrt(len(rows))).astype(np.float32))
        if not parts:
            return np.empty((0, sum(len(x.classes) for x in self.labellings)), np.float32)
        return np.vstack(parts)


def _probabilities(margins: np.ndarray, classes: np.ndarray) -> np.ndarray:
    if len(classes) == 2:  # a binary LinearSVC gives one margin, for the second class
        margins = np.column_stack([-margins, margins])
    exponent = np.exp(_SHARPNESS * (margins - margins.max(axis=1, keepdims=True)))
    return exponent / exponent.sum(axis=1, keepdims=True)


def _usable(labels: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray] | None:
    """Positions with a label seen at least MIN_PER_LABEL times, and those labels; None when
    fewer than MIN_HISTORY texts or two labels remain."""
    counts = Counter(label for label in labels if label)
    kept = {label for label, count in counts.items() if count >= MIN_PER_LABEL}
    positions = np.array([i for i, label in enumerate(labels) if label in kept], dtype=np.int64)
    if len(kept) < 2 or len(positions) < MIN_HISTORY:
        return None
    return positions, np.array([labels[i] for i in positions], dtype=object)


def guide_fit(
    texts: Sequence[str], labellings: Sequence[Sequence[str | None]], *, seed: int = 0
) -> Guide | None:
    """A guide from normalised history texts and one or more labellings of them (a label per
    text, None or "" for none); None when no labelling has enough to learn from."""
    usable = [found for labels in labellings if (found := _usable(labels)) is not None]
    if not usable:
        return None
    labelled = np.unique(np.concatenate([positions for positions, _ in usable]))
    sample = [texts[i] for i in labelled]
    try:
        words = NgramTfidf(
            min_df=2, max_features=_MAX_FEATURES, sublinear_tf=True, ngram_range=(1, 2),
        ).fit(sample)
    except ValueError:  # no word seen twice: nothing to learn
        return None
    guide = Guide(words, [])
    for positions, labels in usable:
        model = LinearSVC(C=0.5, random_state=seed).fit(
            guide.features([texts[i] for i in positions]), labels)
        guide.labellings.append(_Labelling(model.classes_, model))
    return guide
