"""Kinds of department learnt from history when names are opaque ("body-N")."""

import random

from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.router_kinds import learnt_kinds
from heard.triage.lib.routing import Router
from heard.triage.router_store import needs_person

HOUSING = ["течет крыша в подъезде", "не работает лифт", "плесень в подвале дома",
           "нет отопления в квартире", "грязно на лестнице в парадной"]
YARDS = ["незаконная торговля у метро", "реклама на заборе", "брошенная машина во дворе",
         "самовольная парковка на газоне", "палатка без разрешения"]
ROADS = ["яма на дороге", "разбитый асфальт на улице", "нет разметки на перекрестке"]
DISTRICTS = ["Невский", "Кировский", "Приморский", "Выборгский", "Курортный"]
STREETS = ["Садовая", "Невская", "Морская", "Лесная", "Речная", "Полевая", "Школьная"]


def _office(count=900, seed=0, small_district="Курортный", small_housing=3):
    """Opaque names: each district's housing body and yard body, one city body for roads."""
    rng = random.Random(seed)
    housing = {d: f"body-{2 * n}" for n, d in enumerate(DISTRICTS)}
    yards = {d: f"body-{2 * n + 1}" for n, d in enumerate(DISTRICTS)}
    rows = []
    while len(rows) < count:
        district = rng.choice(DISTRICTS)
        kind = rng.choice(["housing", "yards", "roads"])
        if kind == "housing" and district == small_district:
            continue  # added below: this district's housing body has routed only a few
        phrases, department, category = {
            "housing": (HOUSING, housing[district], "дом"),
            "yards": (YARDS, yards[district], "двор"),
            "roads": (ROADS, "body-roads", "дорога"),
        }[kind]
        text = f"{rng.choice(phrases)} ул {rng.choice(STREETS)} {rng.randint(1, 99)}"
        rows.append((text, district, category, department))
    for number in range(small_housing):
        rows.insert(len(rows) // 2 + number, (f"заявка {number}", small_district, "дом",
                                              housing[small_district]))
    return rows, housing, yards


def _fit(rows, **options):
    texts, regions, categories, departments = zip(*rows, strict=True)
    return Router(**options).fit(
        texts, regions=list(regions), categories=list(categories), departments=list(departments)
    )


def test_district_bodies_of_one_kind_are_grouped_and_city_bodies_are_not():
    rows, housing, yards = _office()
    texts, regions, categories, departments = zip(*rows, strict=True)
    kinds = learnt_kinds(normalise_many(texts), regions=regions, categories=categories,
                         departments=departments)
    assert "body-roads" not in kinds
    assert len({kinds[body][0] for body in housing.values()}) == 1
    assert len({kinds[body][0] for body in yards.values()}) == 1
    assert kinds[housing["Невский"]][0] != kinds[yards["Невский"]][0]
    assert {kinds[body][1] for body in housing.values()} == set(DISTRICTS)


def test_a_small_district_body_is_recognised_by_its_kind():
    rows, housing, _ = _office()
    texts = ["течет крыша в подъезде", "не работает лифт", "плесень в подвале дома"]
    # No category given: the district and the words must tell.
    with_kinds = _fit(rows).suggest(texts, regions=["Курортный"] * 3, categories=[None] * 3)
    without = _fit(rows, learn_kinds=False).suggest(
        texts, regions=["Курортный"] * 3, categories=[None] * 3
    )
    assert [s[0].name for s in with_kinds] == [housing["Курортный"]] * 3
    right_without = sum(s[0].name == housing["Курортный"] for s in without)
    assert right_without < 3
    assert min(s[0].score for s in with_kinds) > max(
        (s[0].score for s in without if s[0].name == housing["Курортный"]), default=0
    )


def test_scores_stay_probabilities_and_doubtful_suggestions_need_a_person(settings):
    settings.HEARD_ROUTER_CONFIDENCE = 0.6
    rows, housing, yards = _office(seed=3)
    rng = random.Random(4)
    vague = ["прошу разобраться", "помогите пожалуйста", "обращаюсь повторно"]
    rows = [(f"{rng.choice(vague)} {rng.randint(1, 99)}", row[1], None, row[3])
            if rng.random() < 0.2
            else row for row in rows]
    router = _fit(rows)
    clear, doubtful = router.suggest(
        ["яма на дороге", "помогите пожалуйста"], regions=["Невский"] * 2,
        categories=["дорога", None],
    )
    for suggestions in (clear, doubtful):
        assert all(0 <= s.score <= 1 for s in suggestions)
        assert sum(s.score for s in suggestions) <= 1.0001
    as_stored = [[{"name": s.name, "score": s.score} for s in row] for row in (clear, doubtful)]
    assert clear[0].name == "body-roads" and not needs_person(as_stored[0])
    assert needs_person(as_stored[1])


def test_an_office_of_two_districts_still_finds_its_kinds():
    rows, housing, yards = _office()
    rows = [row for row in rows if row[1] in ("Невский", "Кировский")]
    texts, regions, categories, departments = zip(*rows, strict=True)
    kinds = learnt_kinds(normalise_many(texts), regions=regions, categories=categories,
                         departments=departments)
    assert kinds[housing["Невский"]][0] == kinds[housing["Кировский"]][0]
    assert kinds[yards["Невский"]][0] == kinds[yards["Кировский"]][0]
    assert kinds[housing["Невский"]][0] != kinds[yards["Невский"]][0]


def test_history_without_districts_keeps_every_department_apart():
    rows, _, _ = _office()
    rows = [(text, None, None, department) for text, _, _, department in rows
            if department == "body-roads" or department == "body-1"]
    router = _fit(rows)
    roads, yards = router.suggest(["яма на дороге", "реклама на заборе"], regions=[None, None],
                                  categories=[None, None])
    assert (roads[0].name, yards[0].name) == ("body-roads", "body-1")
