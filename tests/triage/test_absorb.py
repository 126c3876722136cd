"""A campaign that the candidate step splits into fragments ends as one group, and its copies
join it late (heard.triage.lib.absorb; decisions 0528, 0560)."""

from functools import cache

import numpy as np

from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.synthetic import campaign_corpus


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
