"""The exact check of a candidate group: a group whose root does not hold the template that its
members share is checked again among the members that hold the root (decision 0576)."""

import random

import numpy as np

from heard.triage.lib import group_template, passages
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.shingles import signatures_and_sizes

SLOGAN = "Bring the evening buses back to Sosnovka now."
FIRST = (
    "We, the residents of Sosnovka, ask you to restore route 6 to the district hospital. "
    "Since March the last bus leaves at five, and the night shift has no way home. "
    "We ask the transport committee to publish the timetable at every stop."
)
SECOND = (
    "Parents of pupils of school 12 demand that the morning school bus run again. "
    "Children walk four kilometres along the motorway without a pavement in the dark. "
    "We ask the education department to fund the bus from this year's budget."
)
GREETINGS = ["Dear Governor,", "Hello!", "Good afternoon.", "Please help us!", "Dear Sir,", ""]
CLOSINGS = ["Yours faithfully,", "Thank you.", "With hope,", "Sincerely,", "Regards,", ""]


def _copy(rng: random.Random, variant: str) -> str:
    return " ".join([rng.choice(GREETINGS), _story(rng), SLOGAN, variant, rng.choice(CLOSINGS)])


def _story(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "do", "sa", "bu"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(80)]
    return " ".join(words) + "."


def _mixed_group():
    """A root that is the first variant's bare text, and members: copies of both variants of
    one campaign under its slogan, each with a greeting, a closing and a long story of its own
    (the second variant in the majority), as the candidate step may offer them to one root."""
    rng = random.Random(3)
    root = f"{SLOGAN} {FIRST}"
    first = [_copy(rng, FIRST) for _ in range(12)]
    second = [_copy(rng, SECOND) for _ in range(20)]
    texts = normalise_many([root, *first, *second])
    members = np.arange(1, len(texts))
    return texts, members, np.zeros(len(members), dtype=np.int64), len(first)


def _exact(texts, members, roots):
    _, sizes, frequency = signatures_and_sizes(texts, 64, 1, with_frequency=True)
    return group_template.exact(texts, members, roots, 0.6, sizes, frequency,
                                passages.frequency(texts))


def test_the_copies_that_hold_the_root_join_it_and_the_others_try_again():
    texts, members, roots, first = _mixed_group()
    joined, new_roots = _exact(texts, members, roots)
    assert joined[:first].all()  # the root's own variant, with their stories
    assert not joined[first:].any()  # the other variant: loose for the next round
    assert (new_roots[:first] == 0).all()


def test_without_the_narrowed_check_the_mixed_group_falls_apart(monkeypatch):
    monkeypatch.setattr(group_template, "NARROW", False)
    texts, members, roots, _first = _mixed_group()
    joined, _ = _exact(texts, members, roots)
    assert not joined.any()
