"""Look-alike letters folded, for grouping only.

Campaign copies are retyped on the wrong keyboard layout or "disguised" with Latin letters that
look Cyrillic (а/a, е/e, о/o, р/p, с/c, х/x, у/y, к/k, м/m, т/t, в/b, н/h) and the reverse. A
word that mixes the two scripts is written in one: the look-alikes take the script of the
word's other letters (Cyrillic when it has any Cyrillic letter that has no Latin twin). Words in
one script are left alone, so "сах" and "cax" stay what they are. Only the grouping sees the
folded text; the stored text and the extra text are the sender's own.
"""

import re

_CYRILLIC = "аеорсхукмтвн"
_LATIN = "aeopcxykmtbh"
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC, _LATIN)
# Any text with a Latin letter next to a Cyrillic one inside a word; most texts have none.
_MIXED = re.compile(r"[a-z][а-я]|[а-я][a-z]")
_WORD = re.compile(r"\w*(?:[a-z][а-я]|[а-я][a-z])\w*")
_PLAIN_CYRILLIC = re.compile(r"[а-я]")


def _fold_word(match: re.Match) -> str:
    word = match.group(0)
    if _PLAIN_CYRILLIC.search(word.translate(_TO_LATIN)):
        return word.translate(_TO_CYRILLIC)
    return word.translate(_TO_LATIN)


def fold(text: str) -> str:
    """text (normalised: lower case) with its mixed-script words written in one script."""
    if not _MIXED.search(text):
        return text
    return _WORD.sub(_fold_word, text)


def fold_many(texts: list[str]) -> list[str]:
    return [fold(text) for text in texts]
