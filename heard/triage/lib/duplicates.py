"""Near-duplicate grouping: mass campaigns under one template.

A campaign copy is the campaign's template plus whatever the sender adds (a story as long as the
template, a greeting, a signature), so it joins a group by how much of the group's template it
contains, |shingles(template) & shingles(copy)| / |shingles(template)|, not by the Jaccard
similarity of the whole texts. See docs/decisions/0512-grouping-by-containment.md.

The steps, each in a module of its own:
- heard.triage.lib.shingles: character 5-gram shingles, MinHash signatures, document frequency;
- heard.triage.lib.containment: the containment rule and the candidate step (short LSH bands,
  each text pointing to the bucket leader it contains best, followed to a root);
- heard.triage.lib.group_template: each group's template from its members and the exact check,
  a root that does not hold its template giving way (decisions 0518, 0526);
- here: ROUNDS of candidates and checks, then fragments of one campaign merge (0526);
- heard.triage.lib.absorb: copies cut mid-sentence, short versions and fragments join the larger
  group whose template they hold (0528).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from heard.triage.lib import absorb, particulars, passages
from heard.triage.lib.containment import best_leaders
from heard.triage.lib.group_template import PASSAGE_HOLD, exact
from heard.triage.lib.lookalikes import fold_many
from heard.triage.lib.shingles import (  # noqa: F401 (the library's public names)
    SHINGLE,
    lsh_parameters,
    padded,
    signatures,
    signatures_and_sizes,
)

ROUNDS = 3
MERGE_FRAGMENTS = True
# Mixed-script words are written in one script before shingling (heard.triage.lib.lookalikes).
FOLD_LOOKALIKES = True


@dataclass(frozen=True)
class Groups:
    """Per input text: its group, whether it is the group's primary (first) text, and the
    position of the group's template (its smallest member, the copy closest to the bare text)."""

    group: np.ndarray  # int64, groups numbered in order of their primary's position
    primary: np.ndarray  # bool
    template: np.ndarray  # int64 position of the group's template text

    def sizes(self) -> np.ndarray:
        return np.bincount(self.group)



def _containment_labels(texts: list[str], sig, sizes, threshold: float, frequency) -> np.ndarray:
    labels = np.arange(len(texts))
    runs = passages.frequency(texts) if PASSAGE_HOLD else None
    loose = labels.copy()
    for _ in range(ROUNDS):
        roots = best_leaders(sig, sizes, loose, threshold)
        joined = roots != loose
        members, member_roots = loose[joined], roots[joined]
        keep, new_roots = exact(texts, members, member_roots, threshold, sizes, frequency, runs)
        labels[members[keep]] = new_roots[keep]
        # Strays that passed an estimate but not the exact check try again among themselves,
        # and so does a root that gave its group up to a member that holds the template.
        loose = np.union1d(members[~keep], member_roots[new_roots != member_roots])
        if len(loose) < 2:
            break
    if MERGE_FRAGMENTS:
        labels = _merged_fragments(texts, sig, sizes, threshold, frequency, labels, runs)
    if absorb.ABSORB:
        labels = absorb.absorbed(texts, sizes, frequency, labels, threshold, runs)
    if particulars.PARTICULARS:
        read: dict = {}  # each text's numbers, read once for both steps
        labels, parts = particulars.split(texts, labels, read)
        if len(parts):
            # A part split off joins the group holding the rest of its franchise's copies.
            candidates, targets = particulars.rejoining(texts, labels, parts, read)
            labels = _moved(texts, sizes, threshold, frequency, labels, runs, candidates, targets)
    return labels


def _merged_fragments(texts, sig, sizes, threshold, frequency, labels, runs=None):
    """One campaign's copies may end in several groups, each led by a copy of its own (the
    candidate step links a copy to one leader per band bucket). A group's root that joins
    another group's template, checked like any member against that group's own members, takes
    its group along."""
    heads = np.unique(labels)
    leaders = best_leaders(sig, sizes, heads, threshold)
    # A text alone is no group's template: a group whose root contains a short letter would
    # pass the check against that letter's own shingles, and skip the root check (0528).
    moving = (leaders != heads) & (np.bincount(labels, minlength=len(labels))[leaders] > 1)
    if not moving.any():
        return labels
    candidates, targets = heads[moving], leaders[moving]
    return _moved(texts, sizes, threshold, frequency, labels, runs, candidates, targets)


def _moved(texts, sizes, threshold, frequency, labels, runs, candidates, targets):
    """labels with each candidate group moved into its target group where the candidate's root
    joins the target's template, checked like any member against the target's own members."""
    if not len(candidates):
        return labels
    # The targets' own members stand for their templates, as in the rounds.
    wanted = np.isin(labels, targets) & (labels != np.arange(len(labels)))
    members = np.flatnonzero(wanted)
    keep, new_roots = exact(
        texts, np.concatenate([members, candidates]),
        np.concatenate([labels[members], targets]), threshold, sizes, frequency, runs,
    )
    joined = keep[len(members) :] & (new_roots[len(members) :] == targets)
    moved = dict(zip(candidates[joined].tolist(), targets[joined].tolist(), strict=True))
    if not moved:
        return labels
    mapping = np.arange(len(labels))
    mapping[list(moved)] = list(moved.values())
    # Follow chains (a fragment joining a fragment that joined another) to their end.
    while True:
        hop = mapping[mapping]
        if np.array_equal(hop, mapping):
            break
        mapping = hop
    return mapping[labels]


def _groups_from_labels(labels: np.ndarray, template: np.ndarray) -> Groups:
    # Number groups by their first member, and make that first member the primary.
    _, first_position, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first_position), dtype=np.int64)
    rank[np.argsort(first_position, kind="stable")] = np.arange(len(first_position))
    group = rank[inverse.ravel()]
    primary = np.zeros(len(labels), dtype=bool)
    primary[first_position] = True
    return Groups(group=group, primary=primary, template=template)


def group_duplicates(
    texts: Sequence[str], *, threshold: float = 0.6, num_perm: int = 64, backend: str = "numpy"
) -> Groups:
    """Group normalised texts that contain at least threshold of their group's template.

    Identical texts are always grouped. The template is the group's smallest member; texts under
    MIN_TEMPLATE shingles, or more than MAX_GROWTH times the template, need Jaccard >= threshold.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    texts = list(texts)
    if not texts:
        return Groups(np.empty(0, np.int64), np.empty(0, bool), np.empty(0, np.int64))
    unique, first_index, inverse = np.unique(
        np.array(texts, dtype=object), return_index=True, return_inverse=True
    )
    inverse = inverse.ravel()
    order = np.argsort(first_index, kind="stable")  # unique texts in order of appearance
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    distinct = [unique[i] for i in order]
    if FOLD_LOOKALIKES:
        distinct = fold_many(distinct)
    if backend == "datasketch":
        labels = _datasketch_labels(distinct, threshold, num_perm)
    else:
        sig, sizes, frequency = signatures_and_sizes(distinct, num_perm, 1, with_frequency=True)
        labels = _containment_labels(distinct, sig, sizes, threshold, frequency)
    labels = labels[rank[inverse]]
    # A label is a distinct text, the group's root; its first appearance is the template.
    template = first_index[order][labels]
    return _groups_from_labels(labels, template)


def _datasketch_labels(texts: list[str], threshold: float, num_perm: int) -> np.ndarray:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    parent = np.arange(len(texts))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, text in enumerate(padded(texts)):
        shingles = {text[i : i + SHINGLE].encode() for i in range(len(text) - SHINGLE + 1)}
        minhash = MinHash(num_perm=num_perm)
        minhash.update_batch(list(shingles))
        for other in lsh.query(minhash):
            parent[find(index)] = find(other)
        lsh.insert(index, minhash)
    return np.array([find(i) for i in range(len(texts))])
