"""Precision of grouping on campaigns as they arrive: boilerplate shared by unrelated campaigns,
people's own stories, copies that carry only part of the template."""

import random

import numpy as np
import pytest

from heard.triage.lib import letters
from heard.triage.lib.campaign_copies import campaign_copies, copy_of
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise_many


@pytest.mark.parametrize(
    "language",
    ["ru", "en"],
)
def test_unrelated_campaigns_under_the_same_forms_of_address_stay_apart(language):
    rng = random.Random(11)
    boiler = letters.BOILERPLATE[language]
    texts, truth = [], []
    for number in range(6):
        # Each campaign's own text between the same address and closing line.
        own = letters.story(rng, language, length=350).split(". ")
        sentences = [boiler["open"][0], *own, boiler["close"][0]]
        for _ in range(12):
            texts.append(copy_of(rng, sentences, language, 0.5)[0])
            truth.append(number)
    # Boilerplate is known as such by occurring in many texts: people's own letters use the
    # same forms of address.
    for _ in range(300):
        texts.append(f"{rng.choice(boiler['open'])} {letters.story(rng, language, length=200)} "
                     f"{rng.choice(boiler['close'])}")
        truth.append(-1)
    groups = group_duplicates(normalise_many(texts)).group
    truth = np.array(truth)
    for number in range(6):
        # No group holds copies of two campaigns, or a letter of someone's own.
        assert len(set(truth[groups == groups[truth == number][0]])) == 1
        assert (groups[truth == number] == groups[truth == number][0]).mean() >= 0.8


@pytest.mark.parametrize("language", ["ru", "en"])
def test_peoples_own_letters_do_not_group_with_each_other(language):
    rng = random.Random(12)
    texts = [
        letters.story(rng, language, length=rng.choice([150, 400, 900])) for _ in range(400)
    ]
    groups = group_duplicates(normalise_many(texts))
    # A few letters built from the same sentence shapes meet; none gathers a crowd.
    assert groups.sizes().max() <= 5
    assert (groups.sizes() == 1).sum() >= 0.97 * len(groups.sizes())


def test_a_campaign_with_stories_partial_copies_and_typos_groups_by_template():
    corpus = campaign_copies(size=1500, campaign_sizes=[40, 120, 300], seed=13, story_share=0.8)
    groups = group_duplicates(normalise_many(c.text for c in corpus)).group
    templates = np.array([c.template for c in corpus])
    for template in set(templates[templates >= 0]):
        members = groups[templates == template]
        main = np.bincount(members).argmax()
        assert (members == main).mean() >= 0.85
        # Nobody else is in the template's group: not a letter of its own, not another variant.
        assert (groups[templates != template] == main).sum() == 0
