"""The benchmark generators' corpora, grouped with one of the grouping's constants set: a rule's
test groups a corpus with the rule and without it."""

import importlib
from functools import cache

import numpy as np

from heard.triage.lib.duplicates import group_duplicates
from heard.triage.lib.normalise import normalise_many

SIZES = [2, 3, 5, 10, 20, 50, 100, 200, 500, 1000] * 3
GENERATORS = {
    "forms": "benchmarks.form_campaigns:form_campaigns",
    "demands": "benchmarks.demand_campaigns:demand_campaigns",
}


@cache
def grouped(generator: str, size: int, seed: int, setting: str, value):
    """(groups, campaign, language) per text of the generator's corpus, grouped with setting
    ("heard.triage.lib.absorb:VERSION_CLOSE") set to value."""
    module, name = GENERATORS[generator].split(":")
    corpus = getattr(importlib.import_module(module), name)(
        size=size, campaign_sizes=SIZES, seed=seed)
    module, name = setting.split(":")
    target = importlib.import_module(module)
    saved = getattr(target, name)
    setattr(target, name, value)
    try:
        groups = group_duplicates(normalise_many([sample.text for sample in corpus])).group
    finally:
        setattr(target, name, saved)
    return (groups, np.array([sample.campaign for sample in corpus]),
            np.array([sample.language for sample in corpus]))
