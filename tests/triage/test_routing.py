import random

from heard.triage.lib.routing import Router, department_kind, rule_department

PROBLEMS = {
    "housing": ["течет крыша в подъезде", "не работает лифт", "плесень в подвале дома"],
    "roads": ["яма на дороге", "разбитый асфальт на улице", "нет разметки на перекрестке"],
    "lights": ["не горит фонарь", "нет освещения во дворе", "мигает уличный светильник"],
}
REGIONS = {"Невский": "Невского", "Кировский": "Кировского", "Курортный": "Курортного"}


def _history(count=600, seed=0):
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        kind = rng.choice(list(PROBLEMS))
        region = rng.choice(list(REGIONS))
        text = f"{rng.choice(PROBLEMS[kind])} дом {rng.randint(1, 99)}"
        department = {
            "housing": f"ЖА {REGIONS[region]} района",
            "roads": "Комитет по дорогам",
            "lights": "Ленсвет",
        }[kind]
        rows.append((text, region, "общее", department))
    return rows


def _fit(rows, **options):
    texts, regions, categories, departments = zip(*rows, strict=True)
    return Router(**options).fit(
        texts, regions=regions, categories=categories, departments=departments
    )


def test_router_learns_text_and_district_to_department():
    router = _fit(_history())
    suggestions = router.suggest(
        ["не работает лифт второй день", "яма на дороге у школы", "не горит фонарь"],
        regions=["Кировский", "Невский", "Курортный"], categories=["общее"] * 3,
    )
    assert [s[0].name for s in suggestions] == [
        "ЖА Кировского района", "Комитет по дорогам", "Ленсвет",
    ]


def test_history_without_regions_still_trains_a_router():
    rows = [(text, None, None, department) for text, _, _, department in _history()]
    rows = [row for row in rows if not row[3].startswith("ЖА")]
    router = _fit(rows)
    (suggestions,) = router.suggest(["яма на дороге"], regions=[None], categories=[None])
    assert suggestions[0].name == "Комитет по дорогам"


def test_at_most_three_suggestions_best_first():
    router = _fit(_history())
    (suggestions,) = router.suggest(["течет крыша"], regions=["Невский"], categories=["общее"])
    assert 1 <= len(suggestions) <= 3
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert len({s.name for s in suggestions}) == len(suggestions)


def test_district_department_is_learnt_for_a_district_seen_with_other_problems_only():
    rows = [r for r in _history() if not (r[1] == "Курортный" and r[3].startswith("ЖА"))]
    rows.append(("заявка", "Курортный", "общее", "ЖА Курортного района"))
    router = _fit(rows)
    (suggestions,) = router.suggest(["течет крыша"], regions=["Курортный"], categories=["общее"])
    assert suggestions[0].name == "ЖА Курортного района"


def test_explicit_rule_wins_over_the_model():
    rules = [{"category": "общее", "region": "Невский", "department": "Приемная"}]
    router = _fit(_history(), rules=rules)
    nevsky, kirovsky = router.suggest(
        ["яма на дороге", "яма на дороге"], regions=["Невский", "Кировский"],
        categories=["общее", "общее"],
    )
    assert nevsky[0].name == "Приемная" and nevsky[0].score == 1.0
    assert kirovsky[0].name == "Комитет по дорогам"


def test_the_most_specific_rule_applies():
    rules = [
        {"category": "дороги", "department": "Дорожный комитет"},
        {"category": "дороги", "region": "Невский", "department": "Невская дирекция"},
    ]
    assert rule_department(rules, category="дороги", region="Невский") == "Невская дирекция"
    assert rule_department(rules, category="дороги", region="Кировский") == "Дорожный комитет"
    assert rule_department(rules, category="свет", region="Невский") is None


def test_department_kind_replaces_the_declined_district_name():
    kind = department_kind("Администрация Невского района", "Невский")
    assert kind == "Администрация <region> района"
    assert department_kind("Комитет по транспорту", "Невский") == "Комитет по транспорту"


def _noisy_history(count=600, seed=1):
    # As in a real office, some addresses say nothing of their subject and go anywhere.
    rng = random.Random(seed)
    rows = _history(count, seed)
    vague = ["прошу разобраться", "помогите пожалуйста", "обращаюсь повторно"]
    return [
        (f"{rng.choice(vague)} {rng.randint(1, 99)}", region, category, department)
        if rng.random() < 0.2 else (text, region, category, department)
        for text, region, category, department in rows
    ]


def test_scores_are_probabilities_high_for_a_clear_pattern_low_for_ambiguous_text():
    router = _fit(_noisy_history())
    clear, ambiguous = router.suggest(
        ["не горит фонарь", "помогите пожалуйста"],
        regions=["Невский", "Невский"], categories=["общее"] * 2,
    )
    for suggestions in (clear, ambiguous):
        assert all(0 <= s.score <= 1 for s in suggestions)
        assert sum(s.score for s in suggestions) <= 1.0001
    assert clear[0].name == "Ленсвет" and clear[0].score >= 0.8
    assert ambiguous[0].score < 0.6


def test_calibration_sets_the_sharpness_from_the_newest_history():
    router = _fit(_history())
    assert router.sharpness != Router().sharpness
    assert _fit(_history(count=15)).sharpness == Router().sharpness  # too little to calibrate


def _vague_history(count=300, seed=0):
    # The same vague words whatever the problem: only the topic the sender chose tells which
    # department deals with it.
    rng = random.Random(seed)
    topics = {"освещение": "Ленсвет", "дороги": "Комитет по дорогам"}
    rows = []
    for _ in range(count):
        topic = rng.choice(list(topics))
        region = rng.choice(list(REGIONS))
        rows.append((f"прошу разобраться дом {rng.randint(1, 99)}", region, "общее", topic,
                     topics[topic]))
    return rows


def test_the_senders_topic_tells_departments_apart_when_the_text_does_not():
    texts, regions, categories, topics, departments = zip(*_vague_history(), strict=True)
    router = Router().fit(
        texts, regions=regions, categories=categories, departments=departments, topics=topics
    )
    suggestions = router.suggest(
        ["прошу разобраться дом 7"] * 2, regions=["Невский"] * 2, categories=["общее"] * 2,
        topics=["освещение", "дороги"],
    )
    assert [s[0].name for s in suggestions] == ["Ленсвет", "Комитет по дорогам"]


def test_a_router_taught_topics_still_suggests_for_addresses_without_one():
    texts, regions, categories, topics, departments = zip(*_vague_history(), strict=True)
    router = Router().fit(
        texts, regions=regions, categories=categories, departments=departments, topics=topics
    )
    (without,) = router.suggest(["прошу разобраться"], regions=["Невский"], categories=["общее"])
    assert {s.name for s in without} == {"Ленсвет", "Комитет по дорогам"}


def test_a_router_taught_without_topics_ignores_them():
    router = _fit(_history())
    plain, given = (
        router.suggest(["яма на дороге"], regions=["Невский"], categories=["общее"],
                       topics=topics)[0]
        for topics in (None, ["освещение"])
    )
    assert plain == given
