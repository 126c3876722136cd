"""A fifth campaign generator, written apart from the other four: a short demand in long letters.

    from benchmarks.demand_campaigns import demand_campaigns

An organiser circulates a demand of two to four sentences that names its own particulars (a bus
route, an order's number, a building, a date, a body). People put it into letters of their own:
a greeting, a few sentences about themselves and their street from phrase pools shared by the
whole topic, the demand (a few of its words swapped for a synonym by about half the senders),
sometimes more of their own after it, a signature. Some copies forward another sender's whole
letter with a line of their own above ("---- Forwarded ----"); some add the demand's translation
(a Russian copy with the English text below, or the reverse: labelled by the first language).
Letters of their own on the same topics use the same phrase pools and the topic's generic
requests ("please look into it"), never a campaign's particulars. Truth is the campaign in one
language; its copies are the demand with a story up to several times its length.
"""

import random
from dataclasses import dataclass

TOPICS = {
    "bus": {
        "ru": {"own": ["Я живу в {place} уже {n} лет.", "Каждое утро вожу ребёнка в школу.",
                       "Работаю в городе, дорога занимает {n} минут.",
                       "Автобус часто не приходит вовсе.", "Зимой на остановке нет навеса.",
                       "Пожилым людям добраться до поликлиники теперь не на чем.",
                       "Такси стоит {n}0 рублей, это половина дневного заработка.",
                       "Мы неоднократно писали перевозчику.", "Соседи тоже возмущены."],
               "ask": ["Прошу разобраться.", "Помогите, пожалуйста.",
                       "Прошу принять меры по транспорту.", "Надеюсь на ваше понимание."],
               "demand": ["Требуем вернуть маршрут № {route} до {place} и восстановить "
                          "вечерние рейсы после {hour} часов.",
                          "Просим отменить распоряжение № {order} от {date} о сокращении "
                          "рейсов и сохранить остановку у {building}.",
                          "Просим обязать перевозчика {body} соблюдать расписание и "
                          "опубликовать график движения на остановках."]},
        "en": {"own": ["I have lived in {place} for {n} years.",
                       "Every morning I take my child to school.",
                       "I work in town and the trip takes {n} minutes.",
                       "Often the bus does not come at all.",
                       "In winter the stop has no shelter.",
                       "Old people have no way to get to the clinic now.",
                       "A taxi costs {n}0 roubles, half a day's pay.",
                       "We have written to the operator many times.",
                       "The neighbours are angry too."],
               "ask": ["Please look into it.", "Please help us.",
                       "Please do something about transport.", "I hope you will understand."],
               "demand": ["We demand that route {route} to {place} be restored and the "
                          "evening runs after {hour} o'clock brought back.",
                          "We ask you to cancel order {order} of {date} cutting the runs and "
                          "to keep the stop at {building}.",
                          "We ask you to make the operator {body} keep to the timetable and "
                          "post the schedule at the stops."]},
    },
    "school": {
        "ru": {"own": ["У меня {n} детей школьного возраста.", "Я учитель с {n}-летним стажем.",
                       "Классы переполнены, по {n} человек.", "В спортзале течёт крыша.",
                       "Дети занимаются во вторую смену до вечера.",
                       "Родительский комитет собирал подписи.",
                       "Директор говорит, что денег нет.", "Столовая закрыта с осени."],
               "ask": ["Прошу разобраться.", "Помогите, пожалуйста.",
                       "Прошу обратить внимание на школу.", "Надеемся на вашу помощь."],
               "demand": ["Требуем отменить решение о слиянии школы № {route} со школой в "
                          "{place} и сохранить начальные классы в {building}.",
                          "Просим выделить средства на ремонт здания по приказу № {order} от "
                          "{date} и открыть столовую до {hour} сентября.",
                          "Просим поручить {body} провести проверку и вернуть учителей "
                          "начальных классов."]},
        "en": {"own": ["I have {n} children of school age.",
                       "I have been a teacher for {n} years.",
                       "Classes are overcrowded, {n} pupils each.",
                       "The gym roof is leaking.", "The children study in a late shift.",
                       "The parents' committee collected signatures.",
                       "The head says there is no money.",
                       "The canteen has been closed since autumn."],
               "ask": ["Please look into it.", "Please help us.",
                       "Please pay attention to the school.", "We hope for your help."],
               "demand": ["We demand that the merger of school {route} with the school in "
                          "{place} be cancelled and the primary classes kept at {building}.",
                          "We ask you to fund the repair under order {order} of {date} and "
                          "open the canteen by {hour} September.",
                          "We ask you to have {body} inspect the school and bring back the "
                          "primary teachers."]},
    },
}
PLACES = {"ru": ["Рябово", "Сосновке", "Ключах", "Заречье", "Берёзовке", "Мге", "Павлово"],
          "en": ["Ryabovo", "Sosnovka", "Klyuchi", "Zarechye", "Beryozovka", "Mga", "Pavlovo"]}
BUILDINGS = {"ru": ["дома культуры", "рынка", "больницы № 2", "старой почты", "вокзала"],
             "en": ["the culture house", "the market", "hospital 2", "the old post office",
                    "the station"]}
BODIES = {"ru": ["ООО «Автолайн»", "комитет по образованию", "Госадмтехнадзор",
                 "прокуратуру района", "ГУП «Пассажиравтотранс»"],
          "en": ["Avtoline LLC", "the education committee", "the district prosecutor",
                 "the transport inspectorate", "Passazhiravtotrans"]}
SWAPS = {"ru": {"Требуем": "Просим", "Просим": "Требуем", "вернуть": "восстановить",
                "сохранить": "оставить", "отменить": "пересмотреть", "провести": "организовать"},
         "en": {"demand": "insist", "ask": "urge", "restored": "reinstated", "keep": "preserve",
                "cancel": "revoke", "inspect": "check"}}
GREET = {"ru": ["Здравствуйте!", "Добрый день.", "Уважаемый губернатор!", ""],
         "en": ["Hello,", "Good afternoon.", "Dear Governor,", ""]}
SIGN = {"ru": ["С уважением, {name}.", "{name}, тел. 8-9{n}-{n}.", "Жительница {place}.", ""],
        "en": ["Regards, {name}.", "{name}, phone 8-9{n}-{n}.", "A resident of {place}.", ""]}
NAMES = {"ru": ["Анна Петрова", "И. Смирнов", "Зарина", "Виктор Павлович", "семья Лис"],
         "en": ["Anna Petrova", "I. Smirnov", "Zarina", "Viktor P.", "the Lis family"]}
FORWARD = {"ru": "Пересылаю письмо соседки, подписываюсь под каждым словом. ---- "
                 "Пересланное сообщение ---- {t}",
           "en": "Forwarding my neighbour's letter, I sign every word. ---- Forwarded "
                 "message ---- {t}"}


@dataclass(frozen=True)
class Sample:
    text: str
    campaign: int  # -1 for a letter of one's own
    language: str


def _fill(rng: random.Random, language: str, text: str, **fixed) -> str:
    picks = dict(place=rng.choice(PLACES[language]), n=rng.randint(2, 60),
                 name=rng.choice(NAMES[language]))
    picks.update(fixed)
    return text.format(**picks)


def _demand(rng: random.Random, topic: str) -> dict[str, str]:
    """One campaign's demand in both languages, with its particulars fixed."""
    k = rng.sample(range(3), rng.choice([2, 2, 3]))
    where = rng.randrange(len(PLACES["ru"]))
    building, body = rng.randrange(5), rng.randrange(5)
    fixed = dict(route=rng.randint(2, 199), order=rng.randint(10, 999), hour=rng.randint(1, 21),
                 date=f"{rng.randint(1, 28)}.{rng.randint(1, 12):02d}.2026")
    out = {}
    for language in ("ru", "en"):
        parts = [TOPICS[topic][language]["demand"][i] for i in k]
        out[language] = " ".join(p.format(place=PLACES[language][where],
                                          building=BUILDINGS[language][building],
                                          body=BODIES[language][body], **fixed) for p in parts)
    return out


def _swapped(rng: random.Random, language: str, text: str) -> str:
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if w in SWAPS[language]]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        words[i] = SWAPS[language][words[i]]
    return " ".join(words)


def _own_sentences(rng: random.Random, language: str, topic: str, count: int) -> str:
    pool = TOPICS[topic][language]["own"]
    return " ".join(_fill(rng, language, s) for s in rng.sample(pool, min(count, len(pool))))


def _letter(rng, language, topic, demand: str, other: str | None) -> str:
    if rng.random() < 0.5:
        demand = _swapped(rng, language, demand)
    parts = [rng.choice(GREET[language]), _own_sentences(rng, language, topic,
                                                         rng.randint(0, 5)), demand]
    if rng.random() < 0.4:
        parts.append(_own_sentences(rng, language, topic, rng.randint(1, 3)))
    if other is not None:
        parts.append(other)  # the demand's translation below, as bilingual senders do
    parts.append(_fill(rng, language, rng.choice(SIGN[language])))
    return " ".join(p for p in parts if p)


def _own(rng: random.Random, language: str) -> str:
    topic = rng.choice(list(TOPICS))
    parts = [rng.choice(GREET[language]),
             _own_sentences(rng, language, topic, rng.randint(2, 7)),
             rng.choice(TOPICS[topic][language]["ask"]),
             _fill(rng, language, rng.choice(SIGN[language]))]
    return " ".join(p for p in parts if p)


def demand_campaigns(*, size: int, campaign_sizes: list[int], seed: int = 0,
                     english_share: float = 0.4) -> list[Sample]:
    """size addresses: copies of the campaigns' demands in letters, and letters of one's own."""
    rng = random.Random(seed)
    out: list[Sample] = []
    for number, copies in enumerate(campaign_sizes):
        topic = rng.choice(list(TOPICS))
        demand = _demand(rng, topic)
        languages = ["en", "ru"] if rng.random() < english_share else ["ru", "en"]
        written: list[str] = []
        for _ in range(copies):
            # Most copies are in the campaign's language, some in the other one.
            language = languages[0] if rng.random() < 0.85 else languages[1]
            other = demand[languages[1] if language == languages[0] else languages[0]]
            text = _letter(rng, language, topic, demand[language],
                           other if rng.random() < 0.1 else None)
            mine = [t for t in written if t[0] == language]
            if mine and rng.random() < 0.1:
                text = FORWARD[language].format(t=rng.choice(mine)[1])
            written.append((language, text))
            out.append(Sample(text, number * 2 + (language == "en"), language))
    while len(out) < size:
        language = "en" if rng.random() < english_share else "ru"
        out.append(Sample(_own(rng, language), -1, language))
    rng.shuffle(out)
    return out[:size]
