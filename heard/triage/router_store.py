"""The router per addressee: trained on that addressee's own routed history, kept in the database.

A full run trains and stores it; arrivals use the stored one, so a new address gets a suggestion
in milliseconds without refitting. The model is the library's Router, pickled and compressed
(only heard writes these rows, so unpickling them is safe).
"""

import pickle
import zlib
from dataclasses import dataclass

from django.db import transaction

from heard.addresses.models import Address, RoutingRule
from heard.core import clock
from heard.triage.lib.io import Record
from heard.triage.lib.routing import Router, Suggestion, rule_department
from heard.triage.models import StoredRouter

HISTORY_LIMIT = 200_000
# Addresses without a region are routed as if from one more district of that name: the router
# then always has region features (without any it cannot be fitted).
NO_REGION = "region-unknown"
_BATCH = 20_000
_loaded: dict[tuple[int, object], "RouterBundle"] = {}


@dataclass
class RouterBundle:
    router: Router | None  # None: no routed history yet, only the explicit rules
    rules: list[dict]
    department_ids: dict[str, int]  # name -> id, names being what the router speaks

    def suggest(self, records: list[Record]) -> list[list[dict]]:
        """Per record up to three {"department", "name", "score"}, best first."""
        if self.router is not None:
            raw = self.router.suggest(
                [r.text for r in records], regions=[r.region for r in records],
                categories=[r.category for r in records],
            )
        else:
            raw = [
                [Suggestion(name, 1.0)] if (name := rule_department(
                    self.rules, category=r.category, region=r.region)) else []
                for r in records
            ]
        return [
            [{"department": self.department_ids[s.name], "name": s.name, "score": s.score}
             for s in row if s.name in self.department_ids]
            for row in raw
        ]


def _rules(addressee_id: int) -> list[dict]:
    # A catch-all rule (neither category nor region) already routes every address at
    # registration; as a suggestion it would drown the model, so only specific rules count.
    rows = RoutingRule.objects.filter(addressee_id=addressee_id).exclude(
        category__isnull=True, region__isnull=True
    ).order_by("pk").values_list("category_id", "region__name_ru", "department__name")
    return [
        {"category": str(category) if category else None, "region": region, "department": name}
        for category, region, name in rows
    ]


def _departments(addressee_id: int) -> dict[str, int]:
    from heard.offices.models import Department

    names: dict[str, int] = {}
    for pk, name in Department.objects.filter(addressee_id=addressee_id).values_list("pk", "name"):
        names.setdefault(name, pk)
    return names


def record_of(text, region, category_id, channel=None, pk=None, department=None) -> Record:
    return Record(
        id=pk, text=text or "", region=region or NO_REGION, channel=channel,
        category=str(category_id) if category_id else None, department=department,
    )


def _history(addressee_id: int) -> list[Record]:
    rows = (
        Address.objects.filter(addressee_id=addressee_id, department__isnull=False)
        .order_by("-received_at")
        .values_list("text", "region__name_ru", "category_id", "department__name")[:HISTORY_LIMIT]
    )
    return [
        record_of(text, region, category, department=name)
        for text, region, category, name in rows.iterator(chunk_size=_BATCH)
    ]


def _compact(router: Router) -> Router:
    # TfidfVectorizer keeps every term it discarded in stop_words_, only for introspection;
    # scikit-learn documents that it can be deleted before pickling. It is most of the size.
    for value in vars(router).values():
        if hasattr(value, "stop_words_"):
            del value.stop_words_
    return router


def router_train(*, addressee_id: int) -> RouterBundle:
    """Fit on the addressee's routed history (newest first, at most HISTORY_LIMIT) and store it."""
    history = _history(addressee_id)
    router = None
    if history:
        try:
            router = _compact(Router(rules=_rules(addressee_id)).fit(
                [r.text for r in history], regions=[r.region for r in history],
                categories=[r.category for r in history],
                departments=[r.department for r in history],
            ))
        except ValueError:  # too little text to learn a vocabulary from: the rules alone
            router = None
    trained_at = clock.now()
    with transaction.atomic():
        StoredRouter.objects.update_or_create(
            addressee_id=addressee_id,
            defaults={
                "trained_at": trained_at, "history": len(history),
                "model": zlib.compress(pickle.dumps(router, protocol=5), 3),
            },
        )
    return _remember(addressee_id, trained_at, router)  # no need to read back what was stored


def router_load(*, addressee_id: int) -> RouterBundle:
    """The stored router (cached per process until retrained), or rules only if none is stored."""
    stored = StoredRouter.objects.filter(addressee_id=addressee_id).values_list(
        "trained_at", flat=True
    ).first()
    if (addressee_id, stored) in _loaded:
        return _loaded[(addressee_id, stored)]
    router = None
    if stored is not None:
        raw = StoredRouter.objects.values_list("model", flat=True).get(addressee_id=addressee_id)
        router = pickle.loads(zlib.decompress(bytes(raw)))  # noqa: S301 -- written by heard
    return _remember(addressee_id, stored, router)


def _remember(addressee_id: int, trained_at, router: Router | None) -> RouterBundle:
    """Keep this process's copy of the addressee's router, keyed by when it was trained."""
    for old in [key for key in _loaded if key[0] == addressee_id]:
        del _loaded[old]
    bundle = RouterBundle(router, _rules(addressee_id), _departments(addressee_id))
    _loaded[(addressee_id, trained_at)] = bundle
    return bundle
