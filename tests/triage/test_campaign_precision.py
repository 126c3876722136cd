"""Precision of grouping on campaigns as they arrive: boilerplate shared by unrelated campaigns,
people's own stories, copies that carry only part of the template."""

import random

import numpy as np
import pytest

from heard.triage.lib import letters
from heard.triage.lib.campaign_copies import campaign_copies, copy_of
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise_many


def _under_common_forms_of_address(language: str, seed: int):
    rng = random.Random(seed)
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
    return group_duplicates(normalise_many(texts)).group, np.array(truth)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_unrelated_campaigns_under_the_same_forms_of_address_stay_apart(language):
    """Over twenty corpora of six campaigns each: which texts the candidate step offers each
    other depends on the hash, so one corpus says little (decision 0576). Measured on 120
    campaigns per language: in a group with another campaign's copies or a letter of someone's
    own, 0 Russian and 4 English; under 80% of their copies in one group, 2 and 3 (with
    scikit-learn's MurmurHash3 in the buckets: 1 and 11; 5 and 8)."""
    mixed, scattered = 0, 0
    for seed in range(20, 40):
        groups, truth = _under_common_forms_of_address(language, seed)
        for number in range(6):
            home = groups[truth == number][0]
            mixed += len(set(truth[groups == home])) > 1
            scattered += (groups[truth == number] == home).mean() < 0.8
    assert mixed <= 4
    assert scattered <= 3


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
