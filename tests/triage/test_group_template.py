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


def _copy(rng: random.Random, variant: str, slogan: str = SLOGAN) -> str:
    return " ".join([rng.choice(GREETINGS), _story(rng), slogan, variant, rng.choice(CLOSINGS)])


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



LEGAL = (
    "In accordance with the federal law on the procedure for considering citizens' appeals we "
    "ask for a written answer within thirty days of registration, sent to the postal address "
    "given below and not forwarded to the body whose decision is complained about."
)
MORE = (
    "We also ask the city to add a second bus at rush hour and to extend the route to the new "
    "houses on Lesnaya street, where three thousand people moved in last year, and to put a "
    "shelter and a lamp at the stop by the railway crossing, where children wait in the dark."
)


def _long_version_group():
    """A root that is the campaign's short version, bare, and members: most copies paste the
    long version (a paragraph more), some the short one only, each with a greeting, a story of
    its own and a closing; eighty letters in the batch carry the same legal line, which is no
    campaign's own. The majority template is the long version: a copy of the short one holds
    enough of it, but too little of its own (specific) shingles, most of which are the second
    paragraph's."""
    rng = random.Random(5)
    short = f"{SLOGAN} {LEGAL} {FIRST}"
    long_copies = [_copy(rng, f"{short} {MORE}", "") for _ in range(20)]
    short_copies = [_copy(rng, short, "") for _ in range(8)]
    letters = [f"{rng.choice(GREETINGS)} {_story(rng)} {LEGAL}" for _ in range(80)]
    texts = normalise_many([short, *long_copies, *short_copies, *letters])
    members = np.arange(1, 1 + len(long_copies) + len(short_copies))
    return texts, members, np.zeros(len(members), dtype=np.int64), len(long_copies)


def test_copies_of_the_roots_own_version_join_beside_the_long_version():
    texts, members, roots, _long_count = _long_version_group()
    joined, new_roots = _exact(texts, members, roots)
    assert joined.all()
    assert (new_roots == 0).all()


def test_without_the_root_variant_check_the_short_versions_copies_stay_out(monkeypatch):
    monkeypatch.setattr(group_template, "ROOT_VARIANT", False)
    texts, members, roots, long_count = _long_version_group()
    joined, _ = _exact(texts, members, roots)
    assert joined[:long_count].all()
    assert not joined[long_count:].any()


def test_a_letter_that_quotes_only_the_legal_line_does_not_join_the_roots_version():
    texts, members, roots, _ = _long_version_group()
    members = np.append(members, len(texts) - 1)  # one of the letters
    joined, _ = _exact(texts, members, np.zeros(len(members), dtype=np.int64))
    assert not joined[-1]
