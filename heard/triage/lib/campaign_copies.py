"""Generated campaigns as people really send them, for the grouping quality benchmark and tests.

A copy is one of the campaign's templates pasted into a form plus what the sender adds: their own
story (a sentence up to the template's length, before or after the template, sometimes both), a
greeting, a signature, a city and a date; typos, a dropped or swapped sentence, only part of the
template, sometimes all lower case or without punctuation. A campaign has one to four templates
(variants on the campaign's issue under one slogan, and translations); each template is the
truth a copy is grouped by. Addresses written on their own fill the rest: people's stories,
often under the same forms of address and closing lines that the campaigns use.

Templates and stories come from `letters.py`: many sentence shapes over large vocabularies, so
that stories are as unlike each other as real letters (the previous generator built both from the
same 14 sentence frames, and its stories were near-duplicates of each other).
"""

import random
import re
from dataclasses import dataclass

from heard.triage.lib import letters
from heard.triage.lib.synthetic import _typo

_SIGN = {"ru": ["С уважением,", "Спасибо.", "", "Заранее благодарна,", "С надеждой,"],
         "en": ["Sincerely,", "Thank you.", "", "Yours faithfully,", "With hope,"]}
GREETINGS = {"ru": ["Здравствуйте!", "Добрый день.", "Уважаемый Владимир Владимирович!",
                    "Помогите, пожалуйста!", "Обращаюсь к Вам как к последней надежде."],
             "en": ["Hello!", "Good afternoon.", "Dear Mr President,", "Please help!",
                    "I am writing to you as my last hope."]}
_PUNCTUATION = re.compile(r"[.,!?;:]")


@dataclass(frozen=True)
class Copy:
    text: str
    template: int  # the template it was copied from; -1 for an address written on its own
    campaign: int  # -1 likewise
    language: str
    story: str  # the sender's own story as written, "" when there is none


def story(rng: random.Random, language: str, *, length: int) -> str:
    """The sender's own words, about length characters: details of their own case."""
    return letters.story(rng, language, length=length)


def campaign_template(rng: random.Random, topic: str, language: str) -> list[str]:
    """A campaign text as sentences; topic picks the issue (any string, stable per topic)."""
    return letters.campaign_text(rng, language, issue=sum(map(ord, topic)))


def _name(rng: random.Random, language: str) -> str:
    ru = language == "ru"
    first = rng.choice(letters.RU_FIRST if ru else letters.EN_FIRST)
    last = rng.choice(letters.RU_LAST if ru else letters.EN_LAST)
    return f"{last} {first}" if ru else f"{first} {last}"


def _edited(rng: random.Random, sentences: list[str]) -> list[str]:
    copy = list(sentences)
    roll = rng.random()
    if roll < 0.1 and len(copy) > 3:
        # Only part of the template: the sender pasted what fitted, or stopped reading.
        keep = max(2, round(len(copy) * rng.uniform(0.6, 0.85)))
        start = rng.randint(0, len(copy) - keep)
        copy = copy[start : start + keep]
    elif roll < 0.35 and len(copy) > 3:
        copy.pop(rng.randrange(len(copy)))
    if rng.random() < 0.25:
        i, j = rng.randrange(len(copy)), rng.randrange(len(copy))
        copy[i], copy[j] = copy[j], copy[i]
    return copy


def copy_of(rng: random.Random, sentences: list[str], language: str, story_share: float):
    body = " ".join(_edited(rng, sentences))
    if rng.random() < 0.6:
        words = body.split(" ")
        for _ in range(rng.randint(1, 5)):
            k = rng.randrange(len(words))
            words[k] = _typo(rng, words[k])
        body = " ".join(words)
    template_length = sum(len(s) + 1 for s in sentences)
    own = ""
    if rng.random() < story_share:
        own = story(rng, language, length=rng.randint(40, max(41, template_length)))
        where = rng.random()
        if where < 0.45:
            body = own + " " + body
        elif where < 0.9:
            body = body + " " + own
        else:
            # Some of the story before the template, the rest after.
            cut = own.find(". ", len(own) // 2)
            head, tail = (own[: cut + 1], own[cut + 2 :]) if cut > 0 else (own, "")
            body = f"{head} {body} {tail}".strip()
    if rng.random() < 0.4:
        body = rng.choice(GREETINGS[language]) + " " + body
    if rng.random() < 0.35:
        towns = letters.RU_TOWNS if language == "ru" else letters.EN_TOWNS
        body += f" {rng.choice(towns)}, {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2026"
    if rng.random() < 0.4:
        body += f" {rng.choice(_SIGN[language])} {_name(rng, language)}".replace("  ", " ")
    if rng.random() < 0.2:
        body = body.lower()
    if rng.random() < 0.1:
        body = _PUNCTUATION.sub("", body)
    return body, own


def _own_address(rng: random.Random, language: str) -> str:
    """A letter of one's own: a story, often under a campaign's own forms of address."""
    text = story(rng, language, length=rng.choice([30, 80, 150, 300, 600, 1200]))
    boiler = letters.BOILERPLATE[language]
    if rng.random() < 0.4:
        text = rng.choice(boiler["open"] + GREETINGS[language]) + " " + text
    if rng.random() < 0.4:
        text += " " + rng.choice(boiler["close"])
    if rng.random() < 0.3:
        text += f" {rng.choice(_SIGN[language])} {_name(rng, language)}".replace("  ", " ")
    if rng.random() < 0.15:
        text = text.lower()
    return text


def campaign_copies(
    *, size: int, campaign_sizes: list[int], seed: int = 0, english_share: float = 0.4,
    story_share: float = 0.6, templates_per_campaign: tuple[int, int] = (1, 3),
    translated_share: float = 0.3,
) -> list[Copy]:
    """size addresses: copies of the campaigns' templates and addresses of their own, shuffled."""
    rng = random.Random(seed)
    out: list[Copy] = []
    template_number = 0
    for campaign, copies in enumerate(campaign_sizes):
        language = "en" if rng.random() < english_share else "ru"
        issue = rng.randrange(letters.issue_count(language))
        # The organisers' variants are texts of their own on the campaign's issue, under one
        # slogan; a translation is a text of its own in the other language.
        slogan = letters.campaign_text(rng, language, issue)[1]
        variants = []
        for _ in range(rng.randint(*templates_per_campaign)):
            variant_language = language
            if variants and rng.random() < translated_share:
                variant_language = "ru" if language == "en" else "en"
            sentences = letters.campaign_text(rng, variant_language, issue)
            if variant_language == language:
                sentences.insert(rng.randint(0, len(sentences)), slogan)
            variants.append((sentences, variant_language))
        for _ in range(copies):
            which = rng.randrange(len(variants))
            sentences, variant_language = variants[which]
            text, own = copy_of(rng, sentences, variant_language, story_share)
            out.append(Copy(text, template_number + which, campaign, variant_language, own))
        template_number += len(variants)
    while len(out) < size:
        language = "en" if rng.random() < english_share else "ru"
        text = _own_address(rng, language)
        out.append(Copy(text, -1, -1, language, text))
    rng.shuffle(out)
    return out[:size]
