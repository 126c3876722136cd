"""Kinds of department learnt from routed history, when the names do not tell.

An office often has one organisation of a kind per district (a district administration, a
district housing agency). routing.department_kind finds such kinds when a department's name
contains its district; elsewhere the names are opaque ("body-17", "Отдел № 3"). Two facts in the
history still give the kinds away: such a department receives addresses from one district only,
and departments of one kind in different districts are sent the same sort of address (the same
categories, the same everyday words). Departments bound to one district are grouped by average
linkage on those profiles, never two of one district in a group; a group of two or more is a kind.
"""

from collections import Counter, defaultdict

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

# A department is bound to a district when at least this share of its addresses come from it.
# With three addresses or more, a citywide department of an office with many districts has all
# of them from one district by chance well under one time in a hundred.
BOUND_SHARE = 0.9
MIN_ADDRESSES = 3
# Average cosine similarity of profiles (everyday words, categories) for two groups to join;
# on St Petersburg's history departments of one kind score 0.5-0.7, of different kinds 0.2-0.5.
JOIN_SIMILARITY = 0.3
# Words heard in fewer districts than this (or than all of them, in an office of two) are street
# and place names, not what a kind deals with.
EVERYDAY_DISTRICTS = 3


def learnt_kinds(texts, *, regions, categories, departments) -> dict[str, tuple[int, str]]:
    """Department -> (kind number, its district) for every department found to be of a kind.

    Texts are normalised; the lists run in parallel. Departments not bound to one district, or
    like no other district's department, are left out (they are a kind of their own).
    """
    bound = _bound_departments(regions, departments)
    if len(bound) < 2:
        return {}
    names = sorted(bound)
    rows = defaultdict(list)
    for row, department in enumerate(departments):
        if department in bound:
            rows[department].append(row)
    profiles = [_word_profiles(texts, regions, rows, names)]
    if len({c for c in categories if c is not None}) > 1:
        profiles.append(_category_profiles(categories, rows, names))
    similarity = sum(p @ p.T for p in profiles) / len(profiles)
    groups = _join(np.asarray(similarity, dtype=np.float64), [bound[n] for n in names])
    kinds = {}
    for number, group in enumerate(g for g in groups if len(g) > 1):
        for member in group:
            kinds[names[member]] = (number, bound[names[member]])
    return kinds


def _bound_departments(regions, departments) -> dict[str, str]:
    by_department: dict = defaultdict(Counter)
    for region, department in zip(regions, departments, strict=True):
        by_department[department][region] += 1
    bound = {}
    for department, counts in by_department.items():
        region, count = counts.most_common(1)[0]
        total = sum(counts.values())
        if region is not None and total >= MIN_ADDRESSES and count >= BOUND_SHARE * total:
            bound[department] = region
    return bound


def _normalised_rows(matrix) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def _word_profiles(texts, regions, rows, names) -> np.ndarray:
    words = TfidfVectorizer(sublinear_tf=True, min_df=2, dtype=np.float32)
    try:
        matrix = words.fit_transform(texts).tocsc()
    except ValueError:  # no word occurs twice: nothing to compare by
        return np.zeros((len(names), 1))
    districts = sorted({str(r) for r in regions})
    index = {d: i for i, d in enumerate(districts)}
    membership = sparse.csr_matrix(
        (np.ones(len(regions)), ([index[str(r)] for r in regions], np.arange(len(regions)))),
        shape=(len(districts), len(regions)),
    )
    spread = np.asarray(((membership @ (matrix > 0)) > 0).sum(axis=0)).ravel()
    everyday = matrix[:, np.flatnonzero(spread >= min(EVERYDAY_DISTRICTS, len(districts)))].tocsr()
    if everyday.shape[1] == 0:
        return np.zeros((len(names), 1))
    return _normalised_rows(np.vstack([everyday[rows[n]].mean(axis=0) for n in names]))


def _category_profiles(categories, rows, names) -> np.ndarray:
    values = sorted({str(c) for c in categories})
    index = {c: i for i, c in enumerate(values)}
    counts = np.zeros((len(names), len(values)))
    for position, name in enumerate(names):
        for row in rows[name]:
            counts[position, index[str(categories[row])]] += 1
    return _normalised_rows(counts)


def _join(similarity: np.ndarray, districts: list[str]) -> list[list[int]]:
    """Average-linkage groups of departments, never two of one district in a group."""
    count = len(districts)
    names = sorted(set(districts))
    covers = np.zeros((count, len(names)), dtype=bool)
    covers[np.arange(count), [names.index(d) for d in districts]] = True
    members = [[i] for i in range(count)]
    alive = np.ones(count, dtype=bool)
    while True:
        clash = (covers.astype(np.int32) @ covers.T.astype(np.int32)) > 0
        usable = np.where(clash | ~alive[:, None] | ~alive[None, :], -np.inf, similarity)
        first, second = np.unravel_index(np.argmax(usable), usable.shape)
        if usable[first, second] < JOIN_SIMILARITY:
            break
        # Lance-Williams: the joined group's average similarity to every other group.
        sizes = len(members[first]), len(members[second])
        joined = (sizes[0] * similarity[first] + sizes[1] * similarity[second]) / sum(sizes)
        similarity[first], similarity[:, first] = joined, joined
        members[first] += members[second]
        covers[first] |= covers[second]
        alive[second] = False
        members[second] = []
    return [m for m in members if m]
