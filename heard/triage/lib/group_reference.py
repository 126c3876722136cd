"""What a copy's own text is measured against: its group's template and the campaign's sentences.

The template is the group's smallest member, and that copy may have dropped a sentence of the
campaign: measured against it alone, every other copy would count the dropped sentence as its
own text. So the reference is the template plus the sentences (normalised) that at least
COMMON_SHARE of the group's members, and at least COMMON_MINIMUM of them, contain: a sentence
that many senders share is the campaign's, not a sender's own, even when each fills in a number
of their own (digits are compared as digits, not by value).
"""

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from heard.triage.lib.duplicates import Groups
from heard.triage.lib.extra import _SENTENCE_END, TemplateShingles
from heard.triage.lib.normalise import normalise

COMMON_SHARE = 0.3
COMMON_MINIMUM = 3
SAMPLE = 200
_DIGITS = re.compile(r"\d")


def reference_text(template: str, members: Sequence[str]) -> str:
    """The template, then the sentences common to the members (a sample of up to SAMPLE)."""
    counts: Counter[str] = Counter()
    seen: dict[str, str] = {}
    for text in members[:SAMPLE]:
        # A form's sentence with each sender's own number ("house 34") is still the form's.
        shapes = {}
        for sentence in (normalise(part) for part in _SENTENCE_END.split(text)):
            if sentence:
                shapes.setdefault(_DIGITS.sub("0", sentence), sentence)
        counts.update(list(shapes))
        for shape, sentence in shapes.items():
            seen.setdefault(shape, sentence)
    bar = max(COMMON_MINIMUM, COMMON_SHARE * min(len(members), SAMPLE))
    common = [seen[shape] for shape, count in counts.items() if count >= bar]
    return "\n".join([template, *common]) if common else template


def copies_extra(texts: Sequence[str], groups: Groups) -> list[str]:
    """Each copy's own text beyond its group's reference; "" for templates and singletons."""
    extra = [""] * len(texts)
    sizes = groups.sizes()
    positions = np.flatnonzero(sizes[groups.group] > 1) if len(texts) else np.empty(0, np.int64)
    if not len(positions):
        return extra
    templates = groups.template[positions]
    order = np.argsort(templates, kind="stable")
    positions, templates = positions[order], templates[order]
    starts = np.flatnonzero(np.r_[True, templates[1:] != templates[:-1]])
    for start, end in zip(starts, [*starts[1:], len(positions)], strict=True):
        template = int(templates[start])
        members = positions[start:end]
        reference = TemplateShingles(reference_text(texts[template], [texts[p] for p in members]))
        for position in members.tolist():
            if position != template:
                extra[position] = reference.own_text(texts[position])
    return extra
