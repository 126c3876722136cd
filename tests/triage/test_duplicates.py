import numpy as np
import pytest

from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.synthetic import campaign_corpus


@pytest.fixture(scope="module")
def corpus():
    return campaign_corpus(size=3000, campaign_sizes=[40, 150, 400], seed=3)


@pytest.fixture(scope="module")
def groups(corpus):
    return group_duplicates(normalise_many(a.text for a in corpus))


def test_each_planted_campaign_is_grouped_under_one_group(corpus, groups):
    campaigns = np.array([a.campaign for a in corpus])
    for campaign in range(3):
        members = groups.group[campaigns == campaign]
        most_common_share = np.bincount(members).max() / len(members)
        # This generator's templates are two or three short sentences, under MIN_TEMPLATE: their
        # copies must hold (1 + threshold) / 2 of the template, and some that dropped a sentence
        # fall out (docs/decisions/0512-grouping-by-containment.md).
        assert most_common_share > 0.85


def test_distinct_texts_stay_apart(corpus, groups):
    campaigns = np.array([a.campaign for a in corpus])
    own_texts = groups.group[campaigns == -1]
    campaign_groups = set(groups.group[campaigns >= 0])
    # The generator writes some short texts that really are near-identical ("I am 40. No bins.").
    assert len(set(own_texts)) > 0.95 * len(own_texts)
    assert not campaign_groups & set(own_texts)


def test_each_group_has_exactly_one_primary_the_first_member(groups):
    assert groups.primary.sum() == groups.group.max() + 1
    first_positions = {}
    for position, group in enumerate(groups.group):
        first_positions.setdefault(group, position)
    assert all(groups.primary[p] for p in first_positions.values())


def test_identical_texts_are_grouped_even_when_short():
    result = group_duplicates(["снег", "снег", "лед", ""])
    assert result.group[0] == result.group[1] != result.group[2]
    assert list(result.primary) == [True, False, True, True]


def test_higher_threshold_splits_looser_copies():
    texts = normalise_many([
        "Please fix the broken lift in our house on Lenin street, house 5, it has been weeks",
        "Please fix the broken lift in our house on Lenin street, house 7, it has been months",
    ])
    assert group_duplicates(texts, threshold=0.5).group.tolist() == [0, 0]
    assert group_duplicates(texts, threshold=0.95).group.tolist() == [0, 1]


def test_datasketch_backend_also_groups_planted_copies():
    corpus = campaign_corpus(size=120, campaign_sizes=[60], seed=4)
    texts = normalise_many(a.text for a in corpus)
    copies = np.array([a.campaign == 0 for a in corpus])
    for backend in ("numpy", "datasketch"):
        members = group_duplicates(texts, backend=backend).group[copies]
        assert np.bincount(members).max() > 0.95 * copies.sum()


def test_threshold_outside_range_is_refused():
    with pytest.raises(ValueError):
        group_duplicates(["a"], threshold=0)
