"""The router per addressee: trained on that addressee's own routed history, kept in the database.

A full run trains and stores it; arrivals use the stored one, so a new address gets a suggestion
in milliseconds without refitting. The model is the library's Router, pickled and compressed
(only heard writes these rows, so unpickling them is safe).
"""

import pickle
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction

from heard.addresses.models import Address, RoutingRule
from heard.core import clock
from heard.triage.lib.io import Record
from heard.triage.lib.routing import Router, Suggestion, router_fitted, rule_department
from heard.triage.models import StoredRouter

# The router learns from the newest this many routed addresses: a bounded sample, so that
# training costs the same at a million addresses as at fifty thousand (decision 0529; the
# routing benchmark's offices have 2,000-24,000 routed appeals, all of which it learns from).
HISTORY_LIMIT = 50_000
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
        return self.rows(raw)

    def rows(self, raw: list[list[Suggestion]]) -> list[list[dict]]:
        """The router's suggestions as stored: departments by id, unknown names left out."""
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


def confidence_threshold() -> float:
    """HEARD_ROUTER_CONFIDENCE: a first suggestion scored below it needs a person."""
    return float(getattr(settings, "HEARD_ROUTER_CONFIDENCE", 0.6))


def needs_person(suggestions: list[dict]) -> bool:
    """No suggestion, or a first one the router is not confident of: not for bulk accept."""
    return not suggestions or suggestions[0].get("score", 0) < confidence_threshold()


def routers_due() -> list[int]:
    """Addressees whose staff decided on enough suggestions since their router was trained."""
    from django.db.models import Count, OuterRef, Q, Subquery

    from heard.offices.models import Addressee
    from heard.triage.models import AddressTriage

    trained = StoredRouter.objects.filter(addressee=OuterRef("pk")).values("trained_at")
    decided = (AddressTriage.Suggestion.ACCEPTED, AddressTriage.Suggestion.OVERRIDDEN)
    return list(
        Addressee.objects.annotate(trained_at=Subquery(trained))
        .filter(trained_at__isnull=False)
        .annotate(decisions=Count("addresses__triage", filter=Q(
            addresses__triage__suggestion__in=decided,
            addresses__triage__decided_at__gt=models.F("trained_at"),
        )))
        .filter(decisions__gte=settings.HEARD_ROUTER_RETRAIN_DECISIONS)
        .order_by("pk").values_list("pk", flat=True)
    )


def router_history(addressee_id: int) -> list[Record]:
    """The addressee's routed history the router learns from, oldest first (the newest part
    calibrates its scores)."""
    return _history(addressee_id)[::-1]


def router_rules(addressee_id: int) -> list[dict]:
    return _rules(addressee_id)


def router_keep(*, addressee_id: int, router: Router | None, history: int) -> RouterBundle:
    """Store a fitted router (replacing the addressee's) and keep it in this process."""
    trained_at = clock.now()
    with transaction.atomic():
        StoredRouter.objects.update_or_create(
            addressee_id=addressee_id,
            defaults={
                "trained_at": trained_at, "history": history,
                "model": zlib.compress(pickle.dumps(router, protocol=5), 3),
            },
        )
    return _remember(addressee_id, trained_at, router)  # no need to read back what was stored


def router_train(*, addressee_id: int) -> RouterBundle:
    """Fit on the addressee's routed history (the newest HISTORY_LIMIT) and store it."""
    history = router_history(addressee_id)
    router = router_fitted(history, _rules(addressee_id))
    return router_keep(addressee_id=addressee_id, router=router, history=len(history))


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
