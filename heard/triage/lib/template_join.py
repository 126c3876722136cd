"""One text against one stored template: the library's containment rule, for arrivals.

The database mode keeps, per group, its template's MinHash signature and shingle count; an
arrival is a candidate when the MinHash estimate says it may contain enough of a template, and
joins when the exact shingles say it does. The rule itself (the threshold, the stricter bar for
short templates, the growth limits) is heard.triage.lib.containment's own, called here rather
than written twice, so that file mode and the database mode group alike.
"""

import numpy as np

from heard.triage.lib.containment import joins as _joins
from heard.triage.lib.shingles import SHINGLE

# The library's estimate is rough (64 permutations); it passes candidates at 95% of the bar.
ESTIMATE_SLACK = 0.95


def shingles(normalised: str) -> set[str]:
    """The character shingles of a normalised text, padded like the library's."""
    text = normalised if len(normalised) >= SHINGLE else normalised.ljust(SHINGLE, "_")
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def _jaccard(template_size, copy_size, common):
    return common / np.maximum(template_size + copy_size - common, 1)


def may_join(template_size, copy_size, jaccard_estimate, threshold: float) -> np.ndarray:
    """Whether copies may contain their templates, from MinHash Jaccard estimates (vectorised)."""
    return _joins(
        np.asarray(template_size), np.asarray(copy_size), np.asarray(jaccard_estimate, float),
        threshold, slack=ESTIMATE_SLACK,
    )


def joins(template_size, copy_size, common, threshold: float) -> np.ndarray:
    """Whether copies contain their templates, on exact shingle counts (vectorised)."""
    template_size = np.asarray(template_size, dtype=np.float64)
    copy_size = np.asarray(copy_size, dtype=np.float64)
    common = np.asarray(common, dtype=np.float64)
    return _joins(
        template_size, copy_size, _jaccard(template_size, copy_size, common), threshold
    )


def best_template(copy: set[str], templates: list[tuple[int, set[str]]], threshold: float):
    """Of (key, template shingles), the key of the template the copy joins sharing the most
    shingles with it (the library's choice between templates), or None."""
    if not templates:
        return None
    common = np.array([len(copy & shingles_) for _, shingles_ in templates], dtype=np.float64)
    sizes = np.array([len(shingles_) for _, shingles_ in templates], dtype=np.float64)
    passing = joins(sizes, np.full(len(templates), len(copy)), common, threshold)
    if not passing.any():
        return None
    return templates[int(np.argmax(np.where(passing, common, -1)))][0]
