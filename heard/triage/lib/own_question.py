"""Whether a campaign copy's own text asks something of its own, so a merge must not close it.

The rule (docs/decisions/0514-own-questions-stay-open.md), on the copy's extra text (what it adds
to its group's template, heard/triage/lib/extra.py), lower-cased:

- once dates (12.03.2026: a copy's date line says when it was sent, not what it asks) are taken
  out, it has at least MIN_WORDS words beyond greetings and sign-offs, and
- it asks or gives something to act on: a question mark, a request word or phrase (Russian or
  English, below), or a concrete detail: a number of two or more digits (a year, a unit, a flat,
  a case number).

"I live in Tver and fully agree" is a story without a question, "Sincerely, Anna Popova, Tver,
24.06.2026" a signature: they are merged with the template.
"My husband has not been home since autumn 2022, unit 12345" stays open.
"""

import re

from heard.triage.lib.extra import _COURTESY

MIN_WORDS = 5
_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_WORD = re.compile(r"\w+")
_DETAIL = re.compile(r"\d{2,}")
# Stems and phrases, matched at the start of a word; kept short so that inflected forms match.
REQUESTS = (
    # Russian
    "прошу", "просим", "помогите", "помочь", "помоги", "разберитесь", "разобраться",
    "верните", "вернуть", "сообщите", "ответьте", "подскажите", "объясните", "требую",
    "требуем", "найдите", "проверьте", "примите меры", "нужна помощь", "как мне",
    "что делать", "куда обращаться", "почему",
    # English
    "please", "i ask", "we ask", "i request", "we request", "i demand", "help", "could you",
    "can you", "would you", "tell me", "tell us", "i need", "we need", "why", "when will",
    "how can", "what should",
)
_REQUEST = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(item) for item in REQUESTS) + r")")


def asks_own_question(extra: str) -> bool:
    """True when the copy's own text (its extra) asks something the template's answer may not."""
    text = _DATE.sub(" ", (extra or "").lower())
    if sum(word not in _COURTESY for word in _WORD.findall(text)) < MIN_WORDS:
        return False
    return "?" in text or bool(_REQUEST.search(text)) or bool(_DETAIL.search(text))
