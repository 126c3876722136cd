"""Each copy's own text is the same worked out in two processes as in one."""

from heard.triage.lib import group_reference, parallel
from heard.triage.lib.campaign_copies import campaign_copies
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise_many


def test_copies_extra_in_two_processes_equals_one(monkeypatch):
    copies = campaign_copies(size=1200, campaign_sizes=[300, 150, 60, 20, 5, 3], seed=4)
    texts = [copy.text for copy in copies]
    groups = group_duplicates(normalise_many(texts))
    monkeypatch.setattr(parallel, "MIN_COPIES", 1)
    shared = parallel.copies_extra(texts, groups, workers=2)
    alone = group_reference.copies_extra(texts, groups)
    assert sum(bool(text) for text in alone) > 50  # the stories are found at all
    assert shared == alone


def test_few_copies_stay_in_this_process():
    copies = campaign_copies(size=300, campaign_sizes=[40, 10], seed=6)
    texts = [copy.text for copy in copies]
    groups = group_duplicates(normalise_many(texts))
    assert parallel.copies_extra(texts, groups) == group_reference.copies_extra(texts, groups)


def _routed_history():
    from heard.triage.lib.io import Record

    rows = []
    for number in range(300):
        kind = ("roads", "housing", "lights")[number % 3]
        text = {"roads": "яма на дороге у дома", "housing": "течет крыша в подъезде",
                "lights": "не горит фонарь во дворе"}[kind]
        region = ("Невский", "Кировский")[number % 2]
        rows.append(Record(id=number, text=f"{text} {number % 17}", region=region,
                           category="общее", department=kind))
    return rows


def test_routing_in_a_second_process_suggests_as_the_router_here(monkeypatch):
    from heard.triage.lib.routing import fit_and_suggest, router_fitted

    history = _routed_history()
    texts = ["на дороге глубокая яма", "в подъезде течет крыша", "фонарь не горит", "спасибо"]
    regions = ["Невский", "Кировский", "Невский", None]
    categories = ["общее", "общее", None, None]
    monkeypatch.setattr(parallel, "MIN_BACKGROUND", 1)
    call = parallel.Background(fit_and_suggest, history, [], texts, regions, categories,
                               size=len(texts), workers=2)
    assert call._pool is not None  # really in another process
    (router, routed), cpu = call.result()
    here = router_fitted(history, []).suggest(texts, regions=regions, categories=categories)
    assert routed.rows(0, len(texts)) == here
    assert [row[0].name for row in here[:3]] == ["roads", "housing", "lights"]
    assert router.suggest(texts, regions=regions, categories=categories) == here
    assert cpu > 0


def test_a_small_background_call_is_made_here():
    call = parallel.Background(sorted, [3, 1, 2], size=3, workers=2)
    assert call._pool is None
    value, _ = call.result()
    assert value == [1, 2, 3]


def test_an_abandoned_background_call_stops_its_process(monkeypatch):
    import time

    monkeypatch.setattr(parallel, "MIN_BACKGROUND", 1)
    call = parallel.Background(time.sleep, 60, size=1, workers=2)
    started = time.monotonic()
    while not call._pool._processes and time.monotonic() - started < 30:
        time.sleep(0.05)
    processes = list(call._pool._processes.values())
    call.abandon()
    for process in processes:
        process.join(timeout=30)
        assert not process.is_alive()
