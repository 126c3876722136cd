"""Shared passages: how much of a group's template a text holds in runs of words, not letters.

Character 5-grams say which words and phrases two texts share. Letters on one topic share them
too (a topic has a few dozen stock phrases: "the radiators are barely warm", "прошу провести
проверку"), so two independent letters on one topic can hold 60% of each other's shingles in
a different order. A copy holds its template in the template's order: runs of PASSAGE_WORDS
words in a row, most of which cross the boundaries between stock phrases, and those independent
letters do not share (measured on the remix generator: copies hold a median 0.74–0.83 of their
root's word 4-grams, same-topic letters that the letter shingles grouped 0.19–0.29;
docs/decisions/0551). A group's runs template is the runs most of its members hold, taken like
its shingle template (heard.triage.lib.group_template.template_rows); independent letters that
share phrases have next to no run that most of them hold. Runs are hashed like the shingles
(heard.triage.lib.ngram_hash.WordHasher, decision 0576).
"""

import numpy as np

from heard.triage.lib.ngram_hash import WordHasher
from heard.triage.lib.shingles import BATCH, HASH_BITS

PASSAGE_WORDS = 4


def passage_vectoriser() -> WordHasher:
    return WordHasher(n=PASSAGE_WORDS, bits=HASH_BITS)


def frequency(texts: list[str]) -> np.ndarray:
    """Each hashed run's document frequency over texts: a topic's stock phrases are in many
    letters, a campaign's runs in about as many texts as the campaign has copies."""
    vectoriser = passage_vectoriser()
    out = np.zeros(2**HASH_BITS, dtype=np.uint32)
    for start in range(0, len(texts), BATCH):
        matrix = vectoriser.transform(texts[start : start + BATCH])
        out += np.bincount(matrix.indices, minlength=2**HASH_BITS).astype(np.uint32)
    return out


def held(texts: list[str], positions: np.ndarray, template, rows: np.ndarray) -> np.ndarray:
    """Per text at positions, the share of template's row (a sparse matrix of runs, one row per
    group) that it holds; 0 where the row is empty (no run that most of a group shares: no
    passage, no campaign)."""
    common, _ = _common(texts, positions, template, rows)
    sizes = np.diff(template.indptr).astype(np.float64)
    return common / np.maximum(sizes[rows], 1)


def inside(texts: list[str], positions: np.ndarray, template, rows: np.ndarray) -> np.ndarray:
    """Per text at positions, the share of its own runs that lie in template's row: a fragment
    of a campaign's text, pasted alone, lies inside the group's runs as a copy holds them."""
    common, own = _common(texts, positions, template, rows)
    return common / np.maximum(own, 1)


def _common(texts, positions: np.ndarray, template, rows: np.ndarray):
    """Per text at positions, its runs (the hasher's matrix is binary) shared with template's
    row rows[i], and its own runs, BATCH texts at a time."""
    common = np.zeros(len(positions), dtype=np.float64)
    own = np.zeros(len(positions), dtype=np.float64)
    vectoriser = passage_vectoriser()
    for start in range(0, len(positions), BATCH):
        chunk, chunk_rows = positions[start : start + BATCH], rows[start : start + BATCH]
        mine = vectoriser.transform([texts[i] for i in chunk]).tocsr()
        common[start : start + len(chunk)] = np.asarray(
            mine.multiply(template[chunk_rows]).sum(axis=1)
        ).ravel()
        own[start : start + len(chunk)] = np.diff(mine.indptr)
    return common, own
