"""Text normalisation for Russian and English addresses.

One canonical form feeds every stage, so that case, ё/е, markup, links and the portal's masking of
personal data (XXXX) never make two copies of one campaign look different.
"""

import html
import re
from collections.abc import Iterable

_TAG = re.compile(r"<[^>]{0,200}>")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
# Masked personal data: runs of X (Latin or Cyrillic Х) of two or more, or a masked word like "XXXX"
# The portal masks names and phones letter by letter, so a masked passage is many such words.
_MASK = re.compile(r"\b[XxХх]{2,}\b")
_NON_WORD = re.compile(r"[^\w]+")
_UNDERSCORE = re.compile(r"_+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces; markup, links and masks removed."""
    if not text:
        return ""
    if "<" in text or "&" in text:
        text = _TAG.sub(" ", html.unescape(text))
    text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    text = _MASK.sub(" ", text)
    text = text.lower().replace("ё", "е")
    text = _NON_WORD.sub(" ", text)
    text = _UNDERSCORE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalise_many(texts: Iterable[str]) -> list[str]:
    return [normalise(text) for text in texts]
