"""What a campaign copy adds to its group's template: the sender's own sentences.

A sentence of the copy belongs to the template when most of its shingles occur in the template;
the rest, in the sender's own spelling and order, is the copy's extra text. Greetings and
sign-offs alone are not a request, so sentences without two words beyond courtesy are left out.
"""

import re

from heard.triage.lib.normalise import normalise

SHINGLE = 5
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_COURTESY = frozenset((
    "здравствуйте", "уважаемый", "уважаемая", "уважаемые", "добрый", "день", "вечер", "утро",
    "спасибо", "с", "уважением", "заранее", "благодарю", "благодарна", "благодарен", "прошу",
    "помочь", "владимир", "владимирович", "hello", "hi", "dear", "mr", "mrs", "ms", "president",
    "good", "afternoon", "morning", "evening", "thank", "you", "thanks", "sincerely", "yours",
    "faithfully", "regards", "best", "please", "help", "in", "advance",
))


def _shingles(text: str) -> set[str]:
    if len(text) < SHINGLE:
        return {text} if text else set()
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


class TemplateShingles:
    """A template's shingles, computed once for all its copies."""

    def __init__(self, template: str):
        self.shingles = _shingles(normalise(template))

    def own_text(self, text: str, *, covered: float = 0.5) -> str:
        """The sentences of text not covered (share of shingles) by the template, or ""."""
        own = []
        for sentence in _SENTENCE_END.split(text):
            normalised = normalise(sentence)
            if not normalised:
                continue
            shingles = _shingles(normalised)
            if len(shingles & self.shingles) >= covered * len(shingles):
                continue
            words = normalised.split()
            if sum(word not in _COURTESY for word in words) < 2 and not any(
                ch.isdigit() for ch in normalised
            ):
                continue
            own.append(sentence.strip())
        return " ".join(own)


def extra_text(text: str, template: str) -> str:
    """The copy's own text beyond the template; empty when it adds nothing."""
    return TemplateShingles(template).own_text(text)
