"""A fourth campaign generator, built apart from the other three: campaigns as people remix them.

    from benchmarks.remix_campaigns import remix_campaigns

Sentences are composed from a small grammar per topic (who, what happened, where, since when,
what they want), so that campaigns on one topic and letters of one's own on that topic share
words and short phrases but not whole sentences, as real letters on one subject do. A campaign
is a core of paragraphs; it has one to three templates (the core with one paragraph replaced,
or one more added), each in one language. A copy is a template as a sender changes it:
paragraphs reordered, a sentence dropped, the whole quoted inside the sender's own story
("I read this appeal and agree: «...»"), a story of up to the template's length before, after
or around it, all in lower case, look-alike Latin letters in Cyrillic words (and the reverse)
or characters typed twice or dropped. Letters of one's own are on the campaigns' topics, some
quoting one sentence of a campaign; they must not be grouped. Truth is the campaign (its
templates answer alike).
"""

import random
from dataclasses import dataclass

GRAMMAR = {
    "ru": {
        "heating": {
            "who": ["жители дома", "мы, собственники квартир", "пенсионеры нашего подъезда",
                    "семьи с маленькими детьми", "жильцы общежития"],
            "what": ["в квартирах не больше {n} градусов", "батареи едва тёплые",
                     "отопление отключают каждую неделю", "котельная работает с перебоями",
                     "трубы в подвале прогнили", "за отопление выставляют полный счёт"],
            "since": ["с начала октября", "уже {n} дней", "с прошлой зимы", "с {y} года",
                      "вторую неделю"],
            "want": ["провести проверку теплоснабжающей организации",
                     "сделать перерасчёт платы за отопление", "заменить трубы в подвале",
                     "восстановить нормальную температуру в квартирах",
                     "наказать виновных должностных лиц"],
        },
        "clinic": {
            "who": ["жители посёлка", "родители детей", "больные диабетом",
                    "мы, пациенты поликлиники", "ветераны района"],
            "what": ["к терапевту не записаться раньше чем через {n} дней",
                     "в поликлинике нет педиатра", "льготные лекарства не выдают",
                     "закрыли единственный фельдшерский пункт", "очередь на операцию {n} месяцев",
                     "скорая едет больше часа"],
            "since": ["с весны", "уже {n} месяцев", "с {y} года", "полгода", "с лета"],
            "want": ["вернуть в поликлинику педиатра", "обеспечить выдачу льготных лекарств",
                     "открыть фельдшерский пункт снова", "сократить сроки ожидания приёма",
                     "проверить работу районной больницы"],
        },
        "yard": {
            "who": ["жители микрорайона", "мы, соседи", "родители школьников",
                    "инициативная группа жильцов", "старшие по домам"],
            "what": ["во дворе снесли детскую площадку", "двор превратили в парковку",
                     "вырубили {n} деревьев у дома", "на месте сквера ставят павильоны",
                     "подъезды к домам разбиты", "во дворе нет освещения"],
            "since": ["с мая", "уже {n} недель", "с {y} года", "с прошлого лета",
                      "несколько месяцев"],
            "want": ["восстановить детскую площадку", "запретить стоянку на газонах",
                     "высадить деревья заново", "убрать незаконные павильоны",
                     "поставить фонари во дворе"],
        },
        "wages": {
            "who": ["работники завода", "мы, водители автобусов", "учителя школы",
                    "сотрудники больницы", "рабочие стройки"],
            "what": ["зарплату задерживают на {n} дней", "нам не платят за сверхурочные",
                     "премии отменили без объяснений", "нас заставляют писать заявления по "
                     "собственному", "долг по зарплате составляет {n} тысяч рублей",
                     "отпускные не выплачены"],
            "since": ["с января", "уже {n} месяцев", "с {y} года", "третий месяц",
                      "с начала года"],
            "want": ["погасить долги по зарплате", "провести проверку трудовой инспекции",
                     "вернуть премии", "прекратить давление на работников",
                     "возбудить дело против руководства"],
        },
    },
    "en": {
        "heating": {
            "who": ["the residents of our block", "we, the flat owners",
                    "the pensioners of our stairwell", "families with small children",
                    "the tenants of the hostel"],
            "what": ["it is no more than {n} degrees in the flats",
                     "the radiators are barely warm", "the heating is cut off every week",
                     "the boiler house keeps failing", "the pipes in the basement have rotted",
                     "we are billed in full for heating"],
            "since": ["since early October", "for {n} days now", "since last winter",
                      "since {y}", "for the second week"],
            "want": ["inspect the heating company", "recalculate the heating charges",
                     "replace the basement pipes", "restore a normal temperature in the flats",
                     "punish the officials responsible"],
        },
        "clinic": {
            "who": ["the villagers", "the parents", "people with diabetes",
                    "we, the clinic's patients", "the veterans of the district"],
            "what": ["there is no appointment with a GP for {n} days",
                     "the clinic has no paediatrician", "free medicines are not handed out",
                     "the only medical post was closed", "the wait for surgery is {n} months",
                     "an ambulance takes more than an hour"],
            "since": ["since spring", "for {n} months", "since {y}", "for half a year",
                      "since summer"],
            "want": ["bring a paediatrician back to the clinic", "hand out the free medicines",
                     "reopen the medical post", "cut the waiting times",
                     "inspect the district hospital"],
        },
        "yard": {
            "who": ["the residents of the estate", "we, the neighbours", "the parents of pupils",
                    "a group of tenants", "the house elders"],
            "what": ["the playground in our yard was pulled down",
                     "the yard was turned into a car park", "{n} trees were cut down by the house",
                     "kiosks are going up on the green", "the drives to the houses are broken",
                     "the yard has no lights"],
            "since": ["since May", "for {n} weeks", "since {y}", "since last summer",
                      "for several months"],
            "want": ["rebuild the playground", "ban parking on the lawns", "plant the trees again",
                     "remove the unlawful kiosks", "put up street lights in the yard"],
        },
        "wages": {
            "who": ["the workers of the plant", "we, the bus drivers", "the school's teachers",
                    "the hospital staff", "the builders"],
            "what": ["our wages are {n} days late", "overtime is not paid",
                     "bonuses were cancelled without a word", "we are pushed to resign",
                     "the wage debt is {n} thousand roubles", "holiday pay was not paid"],
            "since": ["since January", "for {n} months", "since {y}", "for the third month",
                      "since the start of the year"],
            "want": ["pay off the wage debts", "send the labour inspectors",
                     "restore the bonuses", "stop the pressure on the workers",
                     "open a case against the management"],
        },
    },
}
SHAPES = {
    "ru": ["{who} сообщают, что {what} {since}.", "{since_cap} {what}, и никто не отвечает.",
           "Мы, {who}, устали: {what}.", "Обращаются {who}: {what} {since}.",
           "{what_cap}, хотя мы жаловались {since}.", "Просим {want}.",
           "Требуем {want} в течение месяца.", "Считаем необходимым {want}.",
           "Ситуация такая: {what}, а {what2}."],
    "en": ["{who_cap} report that {what} {since}.", "{since_cap} {what}, and nobody answers.",
           "We, {who}, are tired: {what}.", "This is from {who}: {what} {since}.",
           "{what_cap}, although we have complained {since}.", "We ask you to {want}.",
           "We demand that you {want} within a month.", "We think it necessary to {want}.",
           "The situation is this: {what}, and {what2}."],
}
STORY = {
    "ru": ["Меня зовут {name}, мне {n} лет.", "Я {job} и живу здесь с {y} года.",
           "У меня {kids} детей, младшему {n} лет.", "Писала уже {n} раз, ответа нет.",
           "Муж {ill}, сама я {job}.", "Мы живём на {n} этаже без лифта.",
           "Соседка {ill}, ей некому помочь.", "Вчера опять звонила, никто не взял трубку.",
           "Денег хватает только на еду и лекарства.", "Я не знаю, куда ещё обращаться."],
    "en": ["My name is {name}, I am {n}.", "I am a {job} and have lived here since {y}.",
           "I have {kids} children, the youngest is {n}.", "I have written {n} times, no answer.",
           "My husband {ill}, and I am a {job}.", "We live on the {n}th floor with no lift.",
           "My neighbour {ill} and has nobody to help.", "I called again yesterday, nobody "
           "picked up.", "The money is only enough for food and medicine.",
           "I do not know where else to turn."],
}
FILL = {
    "ru": {"name": ["Ольга", "Ирина", "Сергей", "Тимур", "Айгуль", "Павел"],
           "job": ["медсестра", "продавец", "учитель", "водитель", "пенсионер"],
           "kids": ["двое", "трое", "четверо"], "ill": ["болеет", "после операции",
                                                        "на инвалидности"]},
    "en": {"name": ["Olga", "Irina", "Sergei", "Timur", "Aigul", "Pavel"],
           "job": ["nurse", "shop assistant", "teacher", "driver", "pensioner"],
           "kids": ["two", "three", "four"], "ill": ["is ill", "had surgery", "is disabled"]},
}
QUOTE = {"ru": ["Я прочитала это обращение и согласна с каждым словом: «{t}»",
                "Присоединяюсь к обращению соседей. {t}", "Вот текст, под которым я "
                "подписываюсь: {t}"],
         "en": ["I read this appeal and agree with every word: \"{t}\"",
                "I join my neighbours' appeal. {t}", "Here is the text I sign: {t}"]}
GREET = {"ru": ["Здравствуйте!", "Уважаемый Владимир Владимирович!", "Добрый вечер."],
         "en": ["Hello!", "Dear Sir or Madam,", "Good evening."]}
BYE = {"ru": ["С уважением, {name}.", "Заранее спасибо.", "{name}, {n}.{m}.2026"],
       "en": ["Yours, {name}.", "Thank you in advance.", "{name}, {m}/{n}/2026"]}
# Look-alike letters: Cyrillic typed with a Latin layout's twins, and the reverse.
LOOKALIKE = {"ru": dict(zip("аеорсх", "aeopcx", strict=True)),
             "en": dict(zip("aeopcx", "аеорсх", strict=True))}


@dataclass(frozen=True)
class Sample:
    text: str
    campaign: int  # -1 for a letter of one's own
    language: str
    template: int = -1


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random, language: str, topic: str, shape: str | None = None) -> str:
    words = GRAMMAR[language][topic]
    picks = {key: rng.choice(values) for key, values in words.items()}
    picks["what2"] = rng.choice(words["what"])
    picks = {key: value.format(n=rng.randint(3, 90), y=rng.randint(2015, 2025))
             for key, value in picks.items()}
    picks.update({f"{key}_cap": _cap(value) for key, value in list(picks.items())})
    return _cap((shape or rng.choice(SHAPES[language])).format(**picks))


def _fill(rng: random.Random, language: str, text: str) -> str:
    picks = {key: rng.choice(values) for key, values in FILL[language].items()}
    return text.format(n=rng.randint(2, 80), y=rng.randint(1970, 2024), m=rng.randint(1, 12),
                       **picks)


def story(rng: random.Random, language: str, length: int) -> str:
    told, pool = [], rng.sample(STORY[language], len(STORY[language]))
    while pool and sum(len(s) + 1 for s in told) < length:
        told.append(_fill(rng, language, pool.pop()))
    return " ".join(told)


def _paragraph(rng: random.Random, language: str, topic: str) -> str:
    return " ".join(sentence(rng, language, topic) for _ in range(rng.randint(2, 3)))


def _templates(rng: random.Random, language: str, topic: str) -> list[list[str]]:
    core = [_paragraph(rng, language, topic) for _ in range(rng.randint(3, 5))]
    templates = [core]
    for _ in range(rng.choice([0, 0, 1, 2])):
        variant = list(core)
        if rng.random() < 0.5:
            variant[rng.randrange(len(variant))] = _paragraph(rng, language, topic)
        else:
            variant.insert(rng.randrange(len(variant) + 1), _paragraph(rng, language, topic))
        templates.append(variant)
    return templates


def _noise(rng: random.Random, language: str, text: str) -> str:
    chars, roll = list(text), rng.random()
    if roll < 0.15:  # look-alike letters
        for k, ch in enumerate(chars):
            if ch in LOOKALIKE[language] and rng.random() < 0.15:
                chars[k] = LOOKALIKE[language][ch]
    elif roll < 0.55:  # a few slips of the hand
        for _ in range(rng.randint(1, max(1, len(chars) // 120))):
            k = rng.randrange(len(chars))
            chars[k] = chars[k] * 2 if rng.random() < 0.5 else ""
    return "".join(chars)


def _copy(rng: random.Random, language: str, paragraphs: list[str], story_share: float) -> str:
    paragraphs = list(paragraphs)
    if rng.random() < 0.3:
        rng.shuffle(paragraphs)
    if rng.random() < 0.3:
        # A sentence dropped.
        k = rng.randrange(len(paragraphs))
        sentences = paragraphs[k].split(". ")
        if len(sentences) > 1:
            sentences.pop(rng.randrange(len(sentences)))
            paragraphs[k] = ". ".join(sentences)
    body = ("\n\n" if rng.random() < 0.5 else " ").join(paragraphs)
    body = _noise(rng, language, body)
    if rng.random() < 0.15:
        body = rng.choice(QUOTE[language]).format(t=body)
    if rng.random() < story_share:
        own = story(rng, language, rng.randint(30, len(body)))
        where = rng.random()
        if where < 0.4:
            body = f"{own} {body}"
        elif where < 0.8:
            body = f"{body} {own}"
        else:
            cut = own.find(". ") + 1 or len(own)
            body = f"{own[:cut]} {body} {own[cut:]}"
    if rng.random() < 0.5:
        body = f"{rng.choice(GREET[language])} {body}"
    if rng.random() < 0.5:
        body = f"{body} {_fill(rng, language, rng.choice(BYE[language]))}"
    if rng.random() < 0.15:
        body = body.lower()
    return body


def _own(rng: random.Random, language: str, published: list[str]) -> str:
    """A letter of one's own on a campaign topic; sometimes quoting one campaign sentence."""
    topic = rng.choice(list(GRAMMAR[language]))
    parts = [sentence(rng, language, topic) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.6:
        parts.insert(rng.randrange(len(parts) + 1),
                     story(rng, language, rng.choice([40, 100, 250])))
    if published and rng.random() < 0.1:
        quoted = rng.choice(published).split(". ")
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(quoted).rstrip(".") + ".")
    text = " ".join(parts)
    if rng.random() < 0.4:
        text = f"{rng.choice(GREET[language])} {text}"
    if rng.random() < 0.12:
        text = text.lower()
    return _noise(rng, language, text)


def remix_campaigns(*, size: int, campaign_sizes: list[int], seed: int = 0,
                    english_share: float = 0.4, story_share: float = 0.7) -> list[Sample]:
    """size addresses: copies of the campaigns' templates and letters of one's own, shuffled."""
    rng = random.Random(seed)
    out: list[Sample] = []
    published: dict[str, list[str]] = {"ru": [], "en": []}
    template_number = 0
    for number, copies in enumerate(campaign_sizes):
        language = "en" if rng.random() < english_share else "ru"
        topic = rng.choice(list(GRAMMAR[language]))
        templates = _templates(rng, language, topic)
        published[language] += [p for t in templates for p in t]
        for _ in range(copies):
            which = rng.randrange(len(templates))
            out.append(Sample(_copy(rng, language, templates[which], story_share), number,
                              language, template_number + which))
        template_number += len(templates)
    while len(out) < size:
        language = "en" if rng.random() < english_share else "ru"
        out.append(Sample(_own(rng, language, published[language]), -1, language))
    rng.shuffle(out)
    return out[:size]
