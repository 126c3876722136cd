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
