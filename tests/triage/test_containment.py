import random

import numpy as np
import pytest

from heard.triage.lib.campaign_copies import campaign_copies, campaign_template, story
from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.extra import extra_text
from heard.triage.lib.io import Record
from heard.triage.lib.normalise import normalise_many
from heard.triage.lib.pipeline import copies_extra


@pytest.mark.parametrize("language", ["ru", "en"])
def test_copy_with_a_story_as_long_as_the_template_joins_the_template(language):
    rng = random.Random(5)
    template = " ".join(campaign_template(rng, "heating", language))
    before = story(rng, language, length=len(template)) + " " + template
    after = template + " " + story(rng, language, length=len(template))
    others = [story(rng, language, length=300) for _ in range(20)]
    groups = group_duplicates(normalise_many([template, before, after, *others]))
    assert groups.group[0] == groups.group[1] == groups.group[2]
    assert len(set(groups.group[3:])) == 20
    assert groups.group[0] not in set(groups.group[3:])


def test_templates_of_one_campaign_stay_apart():
    rng = random.Random(6)
    first = " ".join(campaign_template(rng, "housing", "en"))
    second = " ".join(campaign_template(rng, "housing", "en"))
    texts = [first, first + " Thank you.", second, "Hello! " + second]
    groups = group_duplicates(normalise_many(texts))
    assert groups.group.tolist() == [0, 0, 1, 1]


def test_the_template_of_a_group_is_its_bare_copy_not_the_first():
    rng = random.Random(7)
    template = " ".join(campaign_template(rng, "waste", "ru"))
    texts = [story(rng, "ru", length=200) + " " + template, template]
    groups = group_duplicates(normalise_many(texts))
    assert groups.group.tolist() == [0, 0]
    assert groups.primary.tolist() == [True, False]
    assert groups.template.tolist() == [1, 1]


def test_realistic_campaigns_are_grouped_by_their_template():
    corpus = campaign_copies(size=2500, campaign_sizes=[30, 80, 200], seed=9)
    groups = group_duplicates(normalise_many(c.text for c in corpus))
    templates = np.array([c.template for c in corpus])
    for template in set(templates[templates >= 0]):
        members = groups.group[templates == template]
        main = np.bincount(members).argmax()
        # Partial copies and heavy edits fall out of small groups first (decision 0518).
        assert (members == main).mean() >= (0.9 if len(members) >= 30 else 0.75)
        strangers = (groups.group[templates != template] == main).sum()
        # At most one stray copy (of another variant sharing the campaign's slogan).
        assert strangers <= max(1, 0.05 * (members == main).sum())


def test_extra_text_is_the_senders_own_story():
    template = (
        "We demand that the mobilised men come home. Their term of service has no end. "
        "Families are left without support. Please take this under your control."
    )
    copy = (
        "Dear Mr President, " + template
        + " My husband has not been home since autumn 2022, unit 12345. Sincerely,"
    )
    extra = extra_text(copy, template)
    assert extra == "My husband has not been home since autumn 2022, unit 12345."


def test_a_copy_that_adds_nothing_has_no_extra_text():
    template = "Нет горячей воды уже месяц. Просим взять на контроль. Дети страдают."
    assert extra_text("Здравствуйте! " + template.lower() + " Спасибо.", template) == ""


def test_each_copy_gets_its_extra_against_its_groups_template():
    rng = random.Random(8)
    template = " ".join(campaign_template(rng, "schools", "en"))
    own = "My daughter has waited 14 months for a place at kindergarten number 52."
    records = [Record(id=1, text=template), Record(id=2, text=template + " " + own),
               Record(id=3, text="Something else entirely about a pothole on Lenin street.")]
    groups = group_duplicates(normalise_many(r.text for r in records))
    assert copies_extra(records, groups) == ["", own, ""]
