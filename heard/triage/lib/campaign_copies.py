"""Generated campaigns as people really send them, for the grouping quality benchmark and tests.

A copy is one of the campaign's templates pasted into a form plus what the sender adds: their own
story (a sentence up to the template's length, before or after the template), a greeting, a
signature, a city and a date; typos, a dropped or swapped sentence, sometimes all lower case.
A campaign has one to three templates (variants and translations); each template is the truth
a copy is grouped by. Addresses written on their own, on the same topics, fill the rest.
"""

import random
from dataclasses import dataclass

from heard.triage.lib import synthetic

_STORY = {
    "ru": [
        "Мой муж {name} мобилизован в {month} {year} года, в/ч {unit}.",
        "Он не был дома с {month} {year} года.",
        "Сын служит {n} месяцев без отпуска.",
        "У нас {k} детей, младшему {n} лет.",
        "Я обращалась в военкомат {n} раз, ответа нет.",
        "Мне {age} лет, я живу одна на {street}, дом {n}.",
        "Пенсия у меня {money} рублей, из них {n} процентов уходит на лекарства.",
        "В {month} я писала в администрацию, номер обращения {unit}.",
        "Батареи в квартире {n} холодные с {month}.",
        "Работаю {job}, зарплата {money} рублей.",
        "Дочь ходит в школу номер {n}, автобуса нет с {month}.",
        "Мой отец перенес инсульт, очередь к неврологу на {n} недель.",
        "Управляющая компания {company} не отвечает на звонки.",
        "Прошу лично разобраться в моем случае и ответить письменно.",
    ],
    "en": [
        "My husband {name} was mobilised in {month} {year}, unit {unit}.",
        "He has not been home since {month} {year}.",
        "My son has served {n} months without leave.",
        "We have {k} children, the youngest is {n}.",
        "I went to the enlistment office {n} times and got no answer.",
        "I am {age}, I live alone at {n} {street} street.",
        "My pension is {money} roubles and {n} percent of it goes on medicines.",
        "In {month} I wrote to the administration, reference {unit}.",
        "The radiators in my flat have been cold since {month}.",
        "I work as {job} and earn {money} roubles.",
        "My daughter goes to school number {n} and there has been no bus since {month}.",
        "My father had a stroke and the wait for a neurologist is {n} weeks.",
        "The management company {company} does not answer the phone.",
        "Please look into my case yourself and answer in writing.",
    ],
}
_MONTHS = {
    "ru": ["январе", "марте", "мае", "сентябре", "октябре", "ноябре", "декабре"],
    "en": ["January", "March", "May", "September", "October", "November", "December"],
}
_COMPANIES = ["Жилсервис", "Уют", "Комфорт", "ЖЭК-3", "Наш дом"]
_SIGN = {"ru": ["С уважением,", "Спасибо.", "", "Заранее благодарна,"],
         "en": ["Sincerely,", "Thank you.", "", "Yours faithfully,"]}
_DEMANDS = {
    "ru": ["Требуем {p} до конца {year} года.", "Просим вас лично взять под контроль: {p}.",
           "Подписываемся под каждым словом: {p}.", "Мы, жители {place}, требуем решить: {p}."],
    "en": ["We demand action on {p} by the end of {year}.", "Please take {p} under your control.",
           "We sign under every word: {p}.",
           "We, the residents of {place}, demand a solution: {p}."],
}


@dataclass(frozen=True)
class Copy:
    text: str
    template: int  # the template it was copied from; -1 for an address written on its own
    campaign: int  # -1 likewise
    language: str
    story: str  # the sender's own story as written, "" when there is none


def _fill(rng: random.Random, pattern: str, language: str) -> str:
    jobs = synthetic.RU_JOBS if language == "ru" else synthetic.EN_JOBS
    names = synthetic.RU_NAMES if language == "ru" else synthetic.EN_NAMES
    streets = synthetic.RU_STREETS if language == "ru" else synthetic.EN_STREETS
    places = synthetic.RU_PLACES if language == "ru" else synthetic.EN_PLACES
    return pattern.format(
        name=rng.choice(names), month=rng.choice(_MONTHS[language]), year=rng.randint(2019, 2026),
        unit=rng.randint(10000, 99999), n=rng.randint(2, 40), k=rng.randint(1, 5),
        age=rng.randint(25, 90), street=rng.choice(streets), money=rng.randint(9, 60) * 1000,
        job=rng.choice(jobs), company=rng.choice(_COMPANIES), place=rng.choice(places), p="{p}",
    )


def story(rng: random.Random, language: str, *, length: int) -> str:
    """The sender's own words, about length characters: details of their own case."""
    sentences: list[str] = []
    topic = rng.choice(list(synthetic.TOPICS))
    while not sentences or sum(len(s) + 1 for s in sentences) < length:
        if rng.random() < 0.6:
            sentences.append(_fill(rng, rng.choice(_STORY[language]), language))
        else:
            sentences.append(synthetic.organic(rng, topic, language))
    return " ".join(sentences)


def campaign_template(rng: random.Random, topic: str, language: str) -> list[str]:
    sentences = synthetic.template(rng, topic, language)
    _, ru, _, en = synthetic.TOPICS[topic]
    problem = rng.choice(ru if language == "ru" else en)
    demand = _fill(rng, rng.choice(_DEMANDS[language]), language).replace("{p}", problem)
    sentences.insert(rng.randint(0, len(sentences)), demand)
    return sentences


def _copy(rng: random.Random, sentences: list[str], language: str, story_share: float):
    body = synthetic.edited_copy(rng, sentences, language)  # drops, swaps, typos, greeting, name
    template_length = sum(len(s) + 1 for s in sentences)
    own = ""
    if rng.random() < story_share:
        own = story(rng, language, length=rng.randint(40, max(41, template_length)))
        body = own + " " + body if rng.random() < 0.5 else body + " " + own
    if rng.random() < 0.4:
        places = synthetic.RU_PLACES if language == "ru" else synthetic.EN_PLACES
        body += f" {rng.choice(places)}, {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2026"
    if rng.random() < 0.3:
        sign = rng.choice(_SIGN[language])
        names = synthetic.RU_NAMES if language == "ru" else synthetic.EN_NAMES
        body += f" {sign} {rng.choice(names)}".rstrip()
    if rng.random() < 0.2:
        body = body.lower()
    return body, own


def campaign_copies(
    *, size: int, campaign_sizes: list[int], seed: int = 0, english_share: float = 0.4,
    story_share: float = 0.6, templates_per_campaign: tuple[int, int] = (1, 3),
    translated_share: float = 0.3,
) -> list[Copy]:
    """size addresses: copies of the campaigns' templates and addresses of their own, shuffled."""
    rng = random.Random(seed)
    topics = list(synthetic.TOPICS)
    out: list[Copy] = []
    template_number = 0
    for campaign, copies in enumerate(campaign_sizes):
        language = "en" if rng.random() < english_share else "ru"
        topic = rng.choice(topics)
        variants = []
        # The organisers' variants are texts of their own on neighbouring demands, under one
        # slogan; a translation is a text of its own in the other language.
        slogan = campaign_template(rng, topic, language)[0]
        count = rng.randint(*templates_per_campaign)
        for variant_topic in [topic, *rng.sample([t for t in topics if t != topic], count - 1)]:
            variant_language = language
            if variants and rng.random() < translated_share:
                variant_language = "ru" if language == "en" else "en"
            sentences = campaign_template(rng, variant_topic, variant_language)
            if variant_language == language:
                sentences.insert(rng.randint(0, len(sentences)), slogan)
            variants.append((sentences, variant_language))
        for _ in range(copies):
            which = rng.randrange(len(variants))
            sentences, variant_language = variants[which]
            text, own = _copy(rng, sentences, variant_language, story_share)
            out.append(Copy(text, template_number + which, campaign, variant_language, own))
        template_number += len(variants)
    while len(out) < size:
        language = "en" if rng.random() < english_share else "ru"
        if rng.random() < 0.5:
            text = synthetic.organic(rng, rng.choice(topics), language)
        else:
            text = story(rng, language, length=rng.randint(40, 600))
        out.append(Copy(text, -1, -1, language, text))
    rng.shuffle(out)
    return out[:size]
