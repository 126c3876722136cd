"""Copies hold their group's runs of words; letters on one topic share only its phrases
(heard.triage.lib.passages, heard.triage.lib.lookalikes; decision 0551)."""

import random

import numpy as np
import pytest

from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.lookalikes import fold
from heard.triage.lib.normalise import normalise_many

# A topic's stock phrases: every letter on the topic is made of them, in its own order.
PHRASES = [
    "the radiators are barely warm", "the heating is cut off every week",
    "the boiler house keeps failing", "the pipes in the basement have rotted",
    "we are billed in full for heating", "it is cold in the flats",
    "the residents of our block", "the pensioners of our stairwell",
    "families with small children", "the tenants of the hostel",
    "inspect the heating company", "recalculate the heating charges",
    "replace the basement pipes", "restore a normal temperature",
    "punish the officials responsible", "since early october", "since last winter",
    "for the second week", "and nobody answers", "although we have complained",
]
LINKS = ["report that", "write that", "say that", "we ask you to", "we demand that you",
         "it is a fact that", "and also"]


def _letter(rng: random.Random, phrases: int) -> str:
    return " ".join(f"{rng.choice(LINKS)} {rng.choice(PHRASES)}" for _ in range(phrases))


@pytest.mark.xfail(
    strict=True,
    reason="known gap (decision 0551): where letters of one's own made of a topic's few phrases "
    "are most of the batch, their runs of words count as a group's own and they group together",
)
def test_letters_made_of_one_topics_phrases_in_their_own_order_stay_apart():
    rng = random.Random(3)
    template = _letter(rng, 14)
    copies = [f"{_letter(rng, 2)} {template} {_letter(rng, 2)}" for _ in range(20)]
    others = [_letter(rng, 14) for _ in range(60)]
    groups = group_duplicates(normalise_many(copies + others)).group
    copy_groups, other_groups = groups[:20], groups[20:]
    campaign = np.bincount(copy_groups).argmax()
    assert (copy_groups == campaign).sum() >= 18  # the campaign is one group, bar a stray
    # No letter of one's own shares a group with the campaign or with another letter.
    assert not np.isin(other_groups, copy_groups).any()
    assert len(set(other_groups.tolist())) == len(other_groups)


@pytest.mark.parametrize(
    ("mixed", "expected"),
    [
        ("нормaльную темперaтуру", "нормальную температуру"),  # Latin a in Russian words
        ("the situаtiоn is this", "the situation is this"),  # Cyrillic а, о in English
        ("сах cax", "сах cax"),  # a word in one script stays as it is
    ],
)
def test_look_alike_letters_are_written_in_the_words_own_script(mixed, expected):
    assert fold(mixed) == expected


def test_copies_retyped_with_look_alike_letters_join_their_campaign():
    rng = random.Random(5)
    template = (
        "Жители дома номер двенадцать по улице Садовой просят провести проверку управляющей "
        "компании, которая третий год не ремонтирует крышу, не вывозит мусор и выставляет "
        "счета за уборку подъездов, которой никто не видел. Просим обязать компанию "
        "отремонтировать крышу до зимы и сделать перерасчёт платы за содержание дома."
    )
    lookalike = str.maketrans("аеорсх", "aeopcx")
    copies = [template] * 3 + [
        "".join(ch.translate(lookalike) if rng.random() < 0.3 else ch for ch in template)
        for _ in range(10)
    ]
    groups = group_duplicates(normalise_many(copies)).group
    assert len(set(groups.tolist())) == 1
