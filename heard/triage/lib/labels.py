"""Topic labels people can read: a few key phrases per topic, in the words the senders used.

Phrases are runs of one to three content words (stop words, numbers, names of people and places
break a run), counted by their lemmas so that "сроки службы" and "срока службы" are one phrase,
and shown in their most frequent written form. A phrase tells about a topic when it is frequent in
it and rare across topics (class-based TF-IDF, as in BERTopic), and longer phrases get a bonus
because they read as a subject rather than a bag of words. No lemma appears twice in one label.
See docs/decisions/0513-readable-topics.md.
"""

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

import numpy as np
from scipy import sparse

from heard.triage.lib.normalise import normalise

PHRASE_BONUS = {1: 1.0, 2: 1.5, 3: 1.7}
# A longer phrase replaces a shorter one it contains when it covers this share of its texts.
_EXTEND_SHARE = 0.6
_SAMPLE_PER_TOPIC = 1_000
_SAMPLE_TOTAL = 100_000
_CYRILLIC = re.compile(r"[а-яё]")
# Written words with their hyphenated parts, for telling names from common words by their case.
_WRITTEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]\s*$|^\s*$|\n\s*$")
# Names of places, people and organisations; "Anum" are ordinals ("второй год", "третий месяц").
_NAME_GRAMMEMES = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Anum"})
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "NUMR"})
_NOT_ALONE = frozenset({"VERB", "INFN", "ADVB", "GRND", "PRED", "COMP", "ADJS", "PRTS"})
_CLAUSE = re.compile(r"[.,!?;:()«»\"…—–\n]+")


def _word_list(name: str) -> frozenset[str]:
    text = files("heard.triage.lib").joinpath("words", name).read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


STOP_WORDS = _word_list("stop_ru.txt") | _word_list("stop_en.txt")
PLACES = _word_list("places.txt")


@cache
def _morphology():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _english_lemma(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


class _Lexicon:
    """Each word as (lemma, may end a phrase, may stand alone), or None for a word no label shows
    (it breaks a phrase); cached per word."""

    def __init__(self, names: frozenset[str]):
        self.names = names
        self.cache: dict[str, tuple[str, bool, bool] | None] = {}

    def lookup(self, word: str) -> tuple[str, bool, bool] | None:
        if word not in self.cache:
            self.cache[word] = self._lookup(word)
        return self.cache[word]

    def _lookup(self, word: str) -> tuple[str, bool, bool] | None:
        if len(word) < 3 or word in STOP_WORDS or word in PLACES or word in self.names:
            return None
        if any(character.isdigit() for character in word):
            return None
        ends = alone = True
        if _CYRILLIC.search(word):
            parse = _morphology().parse(word)[0]
            if _NAME_GRAMMEMES & parse.tag.grammemes or parse.tag.POS in _FUNCTION_WORDS:
                return None
            lemma = parse.normal_form.replace("ё", "е")
            # "горячей воды", "установить срок службы" read as subjects; "выросли вдвое" does not
            ends = parse.tag.POS == "NOUN"
            alone = parse.tag.POS not in _NOT_ALONE
        else:
            lemma = _english_lemma(word)
        if lemma in STOP_WORDS or lemma in PLACES or lemma in self.names:
            return None
        return lemma, ends, alone


def proper_names(originals: Sequence[str]) -> frozenset[str]:
    """Words that are names as the senders wrote them: mostly capitalised inside a sentence, or
    a part of a capitalised hyphenated name (Улан-Удэ, Ulan-Ude, Ростов-на-Дону)."""
    inside, capitalised = Counter(), Counter()
    hyphenated: set[str] = set()
    for text in originals:
        if not text or text.isupper() or text.islower():
            continue  # a text in one case tells nothing about names
        for match in _WRITTEN.finditer(text):
            written = match.group()
            parts = written.split("-")
            if len(parts) > 1 and parts[0][:1].isupper() and parts[-1][:1].isupper():
                hyphenated.update(part.lower().replace("ё", "е") for part in parts)
                continue
            if _SENTENCE_END.search(text[max(0, match.start() - 3) : match.start()]):
                continue  # the first word of a sentence is capitalised whatever it is
            word = written.lower().replace("ё", "е")
            inside[word] += 1
            if written[:1].isupper() and not written.isupper():
                capitalised[word] += 1
    named = {word for word, count in capitalised.items() if count * 2 > inside[word]}
    return frozenset(named | hyphenated)


def _sample(labels: np.ndarray, topics: int, seed: int) -> np.ndarray:
    per_topic = max(50, min(_SAMPLE_PER_TOPIC, _SAMPLE_TOTAL // max(topics, 1)))
    generator = np.random.default_rng(seed)
    chosen = []
    for number in range(topics):
        members = np.flatnonzero(labels == number)
        if len(members) > per_topic:
            members = np.sort(generator.choice(members, size=per_topic, replace=False))
        chosen.append(members)
    return np.concatenate(chosen) if chosen else np.empty(0, np.int64)


def label_topics(
    texts: Sequence[str],
    labels: np.ndarray,
    topics: int,
    *,
    originals: Sequence[str] | None = None,
    weights: Sequence[float] | None = None,
    phrases: int = 4,
    seed: int = 0,
) -> list[list[str]]:
    """Key phrases for each topic number 0..topics-1, best first, from normalised texts.

    originals (as written) keep phrases inside clauses and names out; weights count the
    addresses each text stands for, so a label speaks for most of its topic's addresses."""
    labels = np.asarray(labels)
    weights = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=np.float64)
    sample = _sample(labels, topics, seed)
    names = proper_names([originals[i] for i in sample]) if originals is not None else frozenset()
    lexicon = _Lexicon(names)
    # A phrase needs two texts behind it, so a word seen once is never analysed (the analyser
    # is the slow part: about half a millisecond a word).
    seen_in: Counter = Counter()
    for position in sample:
        for word in set(texts[position].split()):
            seen_in[word] += weights[position]
    lexicon.cache.update((word, None) for word, count in seen_in.items() if count < 2)
    del seen_in
    keys: dict[tuple[str, ...], int] = {}
    written: Counter = Counter()
    rows, columns = [], []
    for position in sample:
        seen = set()
        for run in _runs(texts[position], None if originals is None else originals[position],
                         lexicon):
            for start in range(len(run)):
                for length in (1, 2, 3):
                    piece = run[start : start + length]
                    key = tuple(lemma for _, lemma, _, _ in piece)
                    if len(piece) < length or len(set(key)) < length or key in seen:
                        continue
                    if not (piece[-1][2] if length > 1 else piece[0][3]):
                        continue
                    seen.add(key)
                    column = keys.setdefault(key, len(keys))
                    written[column, " ".join(word for word, *_ in piece)] += weights[position]
                    rows.append(position)
                    columns.append(column)
    if not keys:
        return [[] for _ in range(topics)]
    rows_array = np.asarray(rows, dtype=np.int64)
    counts = sparse.csr_matrix(
        (weights[rows_array], (labels[rows_array], columns)), shape=(topics, len(keys))
    ).toarray()
    forms: dict[int, str] = {}
    for (column, form), _ in sorted(written.items(), key=lambda item: item[1]):
        forms[column] = form  # the most frequent written form is the last one stored
    sizes = np.bincount(labels[sample], weights=weights[sample], minlength=topics)
    return _choose(counts, sizes, list(keys), forms, phrases)


def _runs(text: str, original: str | None, lexicon: _Lexicon):
    """Runs of words a label may show, as (word, lemma, may end, may stand alone)."""
    clauses = [text] if original is None else [normalise(c) for c in _CLAUSE.split(original)]
    for clause in clauses:
        run = []
        for word in clause.split():
            found = lexicon.lookup(word)
            if found is None:
                if run:
                    yield run
                run = []
            else:
                run.append((word, *found))
        if run:
            yield run


def _choose(counts, sizes, keys, forms, phrases) -> list[list[str]]:
    lengths = np.array([len(key) for key in keys])
    bonus = np.array([PHRASE_BONUS[length] for length in lengths])
    average = max(sizes.sum() / max(len(sizes), 1), 1.0)
    rarity = np.log1p(average / np.maximum(counts.sum(axis=0), 1))
    result = []
    for number, size in enumerate(sizes):
        if size == 0:
            result.append([])
            continue
        support = min(size, max(2.0, 0.02 * size))
        scores = counts[number] / size * rarity * bonus
        scores[counts[number] < support] = 0
        chosen: list[int] = []
        for column in np.argsort(-scores, kind="stable")[: phrases * 50]:
            if scores[column] <= 0:
                break
            lemmas = set(keys[column])
            overlapping = [c for c in chosen if lemmas & set(keys[c])]
            if overlapping:
                contained = all(set(keys[c]) <= lemmas for c in overlapping)
                if not contained or (
                    counts[number, column] < _EXTEND_SHARE * max(counts[number, overlapping])
                ):
                    continue
                place = chosen.index(overlapping[0])
                chosen = [c for c in chosen if c not in overlapping]
                chosen.insert(place, int(column))
            elif len(chosen) < phrases:
                chosen.append(int(column))
        result.append([forms[column] for column in chosen])
    return result
