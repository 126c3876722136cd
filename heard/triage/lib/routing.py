"""Suggested departments: a model trained on the office's routed history, and explicit rules.

Many departments are one organisation per district ("Администрация Невского района", "СПб ГКУ ЖА
Невского района"). The model predicts the kind of department ("Администрация <region>ого района")
from text, category and region, pooling every district's history, and the region then picks the
concrete department. See docs/decisions/0100-triage-router.md.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.preprocessing import OneHotEncoder
from sklearn.svm import LinearSVC

from heard.triage.lib.io import Record
from heard.triage.lib.ngrams import NgramTfidf, string_key
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.router_kinds import learnt_kinds

REGION_PLACEHOLDER = "<region>"


@dataclass(frozen=True)
class Suggestion:
    name: str
    score: float


def _region_stem(region: str) -> str:
    # Russian district names decline ("Невский" -> "Невского"); the stem without the ending
    # matches every case form, and for English names it is simply a prefix.
    lowered = region.lower().strip()
    return lowered[:-2] if len(lowered) > 5 else lowered


def department_kind(department: str, region: str | None) -> str:
    """The department name with its district replaced by a placeholder, if it names one."""
    if not region:
        return department
    stem = _region_stem(region)
    words = department.split(" ")
    replaced = [
        REGION_PLACEHOLDER if word.lower().lstrip("(«\"").startswith(stem) else word
        for word in words
    ]
    return " ".join(replaced)


def rule_department(rules: Sequence[dict], *, category, region):
    """The department of the most specific rule that applies, or None; the first of equals wins.

    A rule is {"category", "region", "department"}; a missing or empty category or region matches
    any value. Category and region beat category alone, which beats region alone, which beats a
    rule naming neither. Registration routes with this same function (addresses.services).
    """
    best, best_specificity = None, -1
    for rule in rules:
        specificity = 0
        applies = True
        for key, value, weight in (("category", category, 2), ("region", region, 1)):
            wanted = rule.get(key)
            if wanted:
                specificity += weight
                applies = applies and wanted == value
        if applies and specificity > best_specificity:
            best, best_specificity = rule["department"], specificity
    return best


def _region_words(texts, regions) -> list[str]:
    # District x word interactions: the same words go to different kinds of department in
    # different districts (snow on a pavement: the district administration here, the housing
    # agency there).
    # History without regions still fits: "?" stands for the unknown region.
    return [
        " ".join(f"{region or '?'}|{word}" for word in text.split())
        for text, region in zip(texts, regions, strict=True)
    ]


def _region_keys(regions) -> np.ndarray:
    """A key per address for its region ("?" for none), as _region_words prefixes its words."""
    keys: dict = {}
    return np.fromiter(
        (keys.setdefault(region, string_key(region or "?")) for region in regions),
        dtype=np.uint64, count=len(regions),
    )


def _softmax(values: np.ndarray, sharpness: float) -> np.ndarray:
    values = values * sharpness
    values -= values.max(axis=1, keepdims=True)
    np.exp(values, out=values)
    return values / values.sum(axis=1, keepdims=True)


def _context_columns(regions, categories, topics=None) -> np.ndarray:
    """Region, category and their pair; with topics also the topic and the region's topic."""
    regions = ["" if r is None else str(r) for r in regions]
    columns = [regions]
    for labels in (categories, topics) if topics is not None else (categories,):
        labels = ["" if c is None else str(c) for c in labels]
        columns += [labels, [f"{r}|{c}" for r, c in zip(regions, labels, strict=True)]]
    return np.array(columns, dtype=object).T


@dataclass
class Router:
    """Fit on history, then suggest up to three departments per address with scores."""

    regularisation: float = 0.3
    # Margins of a linear SVM turned into scores that sum to one over departments. fit() sets the
    # sharpness on the newest share of the history (temperature scaling), so that a score is a
    # calibrated probability that the department is right (docs/decisions/0515-...).
    sharpness: float = 3.0
    calibration_share: float = 0.2
    rules: Sequence[dict] = ()
    learn_kinds: bool = True  # group opaquely named departments by what the history shows
    _kinds: list[str] = field(default_factory=list, init=False)
    _by_kind_region: dict = field(default_factory=dict, init=False)
    _by_kind: dict = field(default_factory=dict, init=False)

    def fit(self, texts, *, regions, categories, departments, topics=None) -> "Router":
        """Learn from routed history given oldest first: the newest share calibrates the scores.

        topics, when the addresses carry one (a finer reason than the category that the sender
        chose, as the St Petersburg portal's), are context like the category (decision 0554).
        """
        self._uses_topics = topics is not None
        texts = normalise_many(texts)
        kinds = self._kinds_of(texts, regions, categories, departments)
        counts: dict = defaultdict(Counter)
        overall: dict = defaultdict(Counter)
        for kind, region, department in zip(kinds, regions, departments, strict=True):
            counts[(kind, region)][department] += 1
            overall[kind][department] += 1
        self._by_kind_region = {key: c.most_common(1)[0][0] for key, c in counts.items()}
        self._by_kind = {key: c.most_common(1)[0][0] for key, c in overall.items()}
        # scikit-learn's TfidfVectorizer features, computed with numpy (lib/ngrams.py).
        self._words = NgramTfidf(
            ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=300_000
        )
        self._chars = NgramTfidf(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
            max_features=300_000,
        )
        self._context = OneHotEncoder(handle_unknown="ignore", dtype=np.float32)
        # Every word (one letter too) keyed by its region.
        self._interactions = NgramTfidf(min_df=2, sublinear_tf=True, shortest_word=1)
        features = sparse.hstack([
            self._words.fit_transform(texts),
            self._chars.fit_transform(texts),
            self._context.fit_transform(_context_columns(regions, categories, topics)),
            self._interactions.fit_transform(texts, _region_keys(regions)),
        ]).tocsr()
        self._model = LinearSVC(C=self.regularisation, random_state=0)
        if len(set(kinds)) == 1:
            self._single = kinds[0]
        else:
            self._single = None
            self.sharpness = self._calibrated_sharpness(features, kinds)
            self._model.fit(features, kinds)
        return self

    def _kinds_of(self, texts, regions, categories, departments) -> list[str]:
        """Per address its department's kind: named by the department's name, else learnt."""
        named = [department_kind(d, r) for d, r in zip(departments, regions, strict=True)]
        kind_by_name = {d for k, d in zip(named, departments, strict=True) if k != d}
        unnamed = [d not in kind_by_name for d in departments]
        learnt = {} if not self.learn_kinds else learnt_kinds(
            [t for t, u in zip(texts, unnamed, strict=True) if u],
            regions=[r for r, u in zip(regions, unnamed, strict=True) if u],
            categories=[c for c, u in zip(categories, unnamed, strict=True) if u],
            departments=[d for d, u in zip(departments, unnamed, strict=True) if u],
        )
        kinds = []
        for kind, department, region in zip(named, departments, regions, strict=True):
            number, district = learnt.get(department, (None, None))
            # An address from another district than its department's stays that department's.
            learnt_here = number is not None and district == region
            kinds.append(f"{REGION_PLACEHOLDER} kind {number}" if learnt_here else kind)
        return kinds

    def _calibrated_sharpness(self, features, kinds: list[str]) -> float:
        """The softmax sharpness that makes scores on the newest share closest to the truth.

        A model fitted on the older part scores the newer part; the sharpness minimising the
        log-loss of the right kind is kept (temperature scaling). Too little history or a newer
        part with kinds the older part never saw keeps the default.
        """
        cut = int(len(kinds) * (1 - self.calibration_share))
        older = set(kinds[:cut])
        if cut < 20 or len(older) < 2:
            return self.sharpness
        newer = [row for row in range(cut, len(kinds)) if kinds[row] in older]
        if len(newer) < 10:
            return self.sharpness
        model = LinearSVC(C=self.regularisation, random_state=0).fit(features[:cut], kinds[:cut])
        margins = model.decision_function(features[newer]).astype(np.float64)
        if margins.ndim == 1:
            margins = np.column_stack([-margins, margins])
        position = {kind: column for column, kind in enumerate(model.classes_)}
        truth = np.array([position[kinds[row]] for row in newer])
        best, best_loss = self.sharpness, np.inf
        for sharpness in np.geomspace(0.25, 40, 40):
            chosen = _softmax(margins.copy(), sharpness)[np.arange(len(newer)), truth]
            loss = -np.log(np.clip(chosen, 1e-9, 1)).mean()
            if loss < best_loss:
                best, best_loss = float(sharpness), loss
        return best

    def _features(self, texts, regions, categories, topics=None):
        texts = normalise_many(texts)
        if getattr(self, "_uses_topics", False):  # routers stored before 0554 have none
            topics = [None] * len(texts) if topics is None else topics
        else:
            topics = None
        if isinstance(self._interactions, NgramTfidf):
            interactions = self._interactions.transform(texts, _region_keys(regions))
        else:  # a router stored before lib/ngrams.py: scikit-learn's vectorisers throughout
            interactions = self._interactions.transform(_region_words(texts, regions))
        return sparse.hstack([
            self._words.transform(texts),
            self._chars.transform(texts),
            self._context.transform(_context_columns(regions, categories, topics)),
            interactions,
        ]).tocsr()

    def _resolve(self, kind: str, region: str | None) -> str | None:
        if REGION_PLACEHOLDER not in kind:
            return kind
        return self._by_kind_region.get((kind, region)) or (
            None if region in {r for _, r in self._by_kind_region} else self._by_kind.get(kind)
        )

    def suggest(
        self, texts, *, regions, categories, topics=None, top: int = 3
    ) -> list[list[Suggestion]]:
        """Up to `top` departments per address, best first, for a batch at once: the kinds'
        probabilities are summed into departments region by region with one product each."""
        texts = list(texts)
        if not texts:
            return []
        if self._single is not None:
            probabilities = np.ones((len(texts), 1), dtype=np.float64)
            classes = [self._single]
        else:
            margins = self._model.decision_function(
                self._features(texts, regions, categories, topics))
            classes = list(self._model.classes_)
            if margins.ndim == 1:  # two kinds: one margin for the second
                margins = np.column_stack([-margins, margins])
            probabilities = _softmax(margins.astype(np.float64), self.sharpness)
        regions = list(regions)
        categories = list(categories)
        results: list[list[Suggestion]] = [[] for _ in texts]
        by_region: dict = defaultdict(list)
        for row, region in enumerate(regions):
            by_region[region].append(row)
        ruled_by: dict = {}
        for region, rows in by_region.items():
            # kinds x departments: which department each kind resolves to in this region
            names: dict[str, int] = {}
            pairs = []
            for column, kind in enumerate(classes):
                department = self._resolve(kind, region)
                if department is not None:
                    pairs.append((column, names.setdefault(department, len(names))))
            if not pairs:
                for row in rows:
                    results[row] = self._ruled([], categories[row], region, ruled_by, top)
                continue
            columns, targets = zip(*pairs, strict=True)
            mapping = sparse.csr_matrix(
                (np.ones(len(pairs)), (columns, targets)), shape=(len(classes), len(names)))
            scores = np.asarray(probabilities[rows] @ mapping)
            order = np.argsort(-scores, axis=1, kind="stable")[:, : top + 1]
            departments = list(names)
            for index, row in enumerate(rows):
                ranked = [(departments[column], float(scores[index, column]))
                          for column in order[index] if scores[index, column] > 0]
                results[row] = self._ruled(ranked, categories[row], region, ruled_by, top)
        return results

    def _ruled(self, ranked, category, region, cache: dict, top: int) -> list[Suggestion]:
        """The ranked departments with the explicit rule's first (scored 1), top of them."""
        key = (category, region)
        if key not in cache:
            cache[key] = rule_department(self.rules, category=category, region=region)
        ruled = cache[key]
        if ruled is not None:
            ranked = [(ruled, 1.0)] + [(n, score) for n, score in ranked if n != ruled]
        return [Suggestion(n, round(score, 4)) for n, score in ranked[:top]]


def _compact(router: Router) -> Router:
    # A vectoriser's stop_words_ (every term it discarded, kept only for introspection) may be
    # deleted before pickling, as scikit-learn documents; it is most of a stored router's size.
    for value in vars(router).values():
        if hasattr(value, "stop_words_"):
            del value.stop_words_
    return router


def router_fitted(history: Sequence[Record], rules: Sequence[dict]) -> Router | None:
    """A router fitted on routed history (oldest first: the newest part calibrates the scores),
    or None when there is nothing to learn from (the rules alone then)."""
    if not history:
        return None
    try:
        return _compact(Router(rules=rules).fit(
            [r.text for r in history], regions=[r.region for r in history],
            categories=[r.category for r in history],
            departments=[r.department for r in history],
        ))
    except ValueError:  # too little text to learn a vocabulary from
        return None


@dataclass
class Routed:
    """Up to `top` suggestions for each of many addresses, held as two arrays rather than
    millions of objects (what a run's second process sends back)."""

    names: list[str]
    departments: np.ndarray  # int32 (addresses, top): index into names, -1 for none
    scores: np.ndarray  # float64 (addresses, top), as the router rounded them

    def __len__(self) -> int:
        return len(self.departments)

    def rows(self, start: int, stop: int) -> list[list[Suggestion]]:
        names, departments, scores = self.names, self.departments, self.scores
        return [
            [Suggestion(names[d], float(s)) for d, s in zip(row_d, row_s, strict=True) if d >= 0]
            for row_d, row_s in zip(departments[start:stop].tolist(),
                                    scores[start:stop].tolist(), strict=True)
        ]


def suggest_all(router: Router, texts: Sequence[str], regions: Sequence, categories: Sequence,
                *, top: int = 3, batch: int = 10_000) -> Routed:
    """router.suggest over many addresses, batch by batch, into a Routed."""
    count = len(texts)
    departments = np.full((count, top), -1, dtype=np.int32)
    scores = np.zeros((count, top), dtype=np.float64)
    names: dict[str, int] = {}
    for start in range(0, count, batch):
        stop = min(count, start + batch)
        rows = router.suggest(texts[start:stop], regions=regions[start:stop],
                              categories=categories[start:stop], top=top)
        for offset, row in enumerate(rows):
            for column, suggestion in enumerate(row):
                departments[start + offset, column] = names.setdefault(
                    suggestion.name, len(names))
                scores[start + offset, column] = suggestion.score
    return Routed(list(names), departments, scores)


def fit_and_suggest(history: Sequence[Record], rules: Sequence[dict], texts: Sequence[str],
                    regions: Sequence, categories: Sequence) -> tuple[Router | None, Routed | None]:
    """Fit on the routed history, then suggest for every address (None, None when nothing was
    learnt): a full run's routing, done in a second process beside grouping and topics."""
    router = router_fitted(history, rules)
    if router is None:
        return None, None
    return router, suggest_all(router, texts, regions, categories)
