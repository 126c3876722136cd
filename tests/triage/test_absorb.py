"""A campaign that the candidate step splits into fragments ends as one group, and its copies
join it late (heard.triage.lib.absorb; decisions 0528, 0560)."""

from functools import cache

import numpy as np

from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.synthetic import campaign_corpus
from tests.triage.generated import grouped


@cache
def _grouped(seed: int):
    # Short templates whose copies drop, reorder and misspell sentences, among letters of
    # one's own on the same topics; at this seed the rounds leave the largest campaign in
    # two large fragments (338 and 763 copies).
    corpus = campaign_corpus(size=2500, campaign_sizes=[1200, 400, 100, 20], seed=seed)
    groups = group_duplicates(normalise_many([address.text for address in corpus])).group
    return groups, np.array([address.campaign for address in corpus])


def test_a_campaign_split_into_fragments_ends_as_one_group():
    groups, campaign = _grouped(5)
    largest = groups[campaign == 0]
    assert np.bincount(largest).max() >= 0.9 * len(largest)


def test_merged_fragments_take_in_no_other_campaign_or_letter():
    groups, campaign = _grouped(5)
    for number in range(4):
        theirs = set(groups[campaign == number].tolist())
        others = set(groups[campaign != number].tolist())
        assert not theirs & others


PARAGRAPHS = (
    "We, the residents of Sosnovka, ask you to restore route 6 to the district hospital. "
    "Since March the last bus leaves at five, and the night shift has no way home.",
    "Parents of pupils of school 12 demand that the morning school bus run again. Children "
    "walk four kilometres along the motorway without a pavement in the dark.",
    "We ask the transport committee to publish the timetable at every stop and to answer us "
    "in writing, not by a notice on the website that nobody can find.",
)


def _story(rng) -> str:
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "do", "sa", "bu"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(60)]
    return " ".join(words) + "."


@cache
def _pasted_parts():
    """Forty copies of a three-paragraph campaign, each with a story of its own; six texts that
    paste one paragraph alone with a greeting; six letters of their own that quote one
    sentence inside a long story; forty letters of other people."""
    import random

    rng = random.Random(11)
    template = " ".join(PARAGRAPHS)
    copies = [f"Hello! {_story(rng)} {template} Thank you." for _ in range(40)]
    parts = [f"Good afternoon. {PARAGRAPHS[i % 3]}" for i in range(6)]
    quoting = [f"{_story(rng)} {PARAGRAPHS[i % 3].split('. ')[0]}. {_story(rng)}"
               for i in range(6)]
    others = [f"Dear Sir, {_story(rng)} {_story(rng)}" for _ in range(40)]
    texts = normalise_many([*copies, *parts, *quoting, *others])
    return group_duplicates(texts).group


def test_a_paragraph_pasted_alone_joins_its_campaign():
    groups = _pasted_parts()
    campaign = groups[0]
    assert (groups[:40] == campaign).all()
    assert (groups[40:46] == campaign).all()


def test_a_letter_that_quotes_a_sentence_stays_out():
    groups = _pasted_parts()
    assert not (groups[46:] == groups[0]).any()


def test_without_fragments_the_pasted_paragraphs_stay_alone(monkeypatch):
    from heard.triage.lib import absorb

    monkeypatch.setattr(absorb, "FRAGMENTS", False)
    _pasted_parts.cache_clear()
    try:
        groups = _pasted_parts()
        assert not (groups[40:46] == groups[0]).any()
    finally:
        _pasted_parts.cache_clear()


def _form_versions(support: tuple):
    """benchmarks/form_campaigns.py at seed 43: one Russian campaign's long and short versions
    (359 copies) come out of the rounds as groups of 175 and 72, with dozens of its copies
    alone, so the two groups' sizes undercount how often the campaign's shingles occur."""
    groups, campaign, language = grouped(
        "forms", 2000, 43, "heard.triage.lib.absorb:VERSION_SUPPORT", support)
    return groups, campaign, language == "ru"


def test_a_campaigns_versions_merge_counting_its_copies_outside_both_groups():
    from heard.triage.lib import absorb

    groups, campaign, russian = _form_versions(absorb.VERSION_SUPPORT)
    mine = groups[(campaign == 9) & russian]
    largest = np.bincount(mine).argmax()
    assert (mine == largest).mean() >= 0.8
    # Nothing else: no other campaign's copy and no letter of one's own.
    assert set(campaign[groups == largest].tolist()) == {9}


def test_counting_only_the_two_groups_the_versions_stay_apart():
    groups, campaign, russian = _form_versions(())
    mine = groups[(campaign == 9) & russian]
    assert np.bincount(mine).max() <= 0.6 * len(mine)


def _framed_versions(close: float):
    """benchmarks/form_campaigns.py at seed 44, 3,000 texts: one Russian campaign's two
    versions wrap one core in different frames; the rounds leave them as two groups whose own
    shingles lie 0.9 inside each other but whose own runs of words share only the core."""
    groups, campaign, language = grouped(
        "forms", 3000, 44, "heard.triage.lib.absorb:VERSION_CLOSE", close)
    return groups, campaign, language == "ru"


def test_a_campaigns_versions_in_different_frames_merge():
    from heard.triage.lib import absorb

    groups, campaign, russian = _framed_versions(absorb.VERSION_CLOSE)
    mine = groups[(campaign == 17) & russian]
    largest = np.bincount(mine).argmax()
    assert (mine == largest).mean() >= 0.85
    assert set(campaign[groups == largest].tolist()) == {17}


def test_without_the_close_rule_the_framed_versions_stay_apart():
    groups, campaign, russian = _framed_versions(2.0)
    mine = groups[(campaign == 17) & russian]
    assert np.bincount(mine).max() <= 0.65 * len(mine)
