"""Generated intake campaigns for tests and benchmarks: Russian and English addresses on topics,
with planted mass campaigns whose copies carry realistic edits (reordered and dropped sentences,
typos, greetings and signatures, changed names, numbers and places).
"""

import random
from dataclasses import dataclass

TOPICS = {
    "roads": (
        "ru",
        [
            "яма на дороге",
            "разбитый асфальт",
            "нет освещения на улице",
            "пробки на мосту",
            "опасный перекресток без светофора",
            "нет пешеходного перехода",
            "гололед на тротуаре",
        ],
        "en",
        [
            "a pothole on the road",
            "broken asphalt",
            "no street lights",
            "traffic jams on the bridge",
            "a dangerous crossing without lights",
            "no pedestrian crossing",
            "ice on the pavement",
        ],
    ),
    "heating": (
        "ru",
        [
            "холодные батареи",
            "нет горячей воды",
            "прорвало трубу отопления",
            "тариф на тепло вырос",
            "котельная не работает",
            "в квартире плюс двенадцать",
        ],
        "en",
        [
            "cold radiators",
            "no hot water",
            "a burst heating pipe",
            "the heating tariff went up",
            "the boiler house is broken",
            "twelve degrees in the flat",
        ],
    ),
    "pensions": (
        "ru",
        [
            "маленькая пенсия",
            "индексация пенсии",
            "задержка выплат пенсии",
            "пенсионный возраст",
            "перерасчет стажа",
            "выплата по инвалидности",
        ],
        "en",
        [
            "a small pension",
            "pension indexation",
            "late pension payments",
            "the retirement age",
            "recalculation of work record",
            "disability payment",
        ],
    ),
    "mobilisation": (
        "ru",
        [
            "вернуть мобилизованных домой",
            "срок службы мобилизованных",
            "ротация на фронте",
            "выплаты семьям мобилизованных",
            "отпуск для мобилизованных",
            "демобилизация",
        ],
        "en",
        [
            "bring the mobilised men home",
            "term of service for the mobilised",
            "rotation at the front",
            "payments to families of the mobilised",
            "leave for the mobilised",
            "demobilisation",
        ],
    ),
    "healthcare": (
        "ru",
        [
            "нет врачей в поликлинике",
            "очередь к врачу месяц",
            "закрыли больницу",
            "нет лекарств в аптеке",
            "скорая едет два часа",
            "платные анализы",
        ],
        "en",
        [
            "no doctors at the clinic",
            "a month of waiting for a doctor",
            "the hospital was closed",
            "no medicines in the pharmacy",
            "the ambulance takes two hours",
            "paid medical tests",
        ],
    ),
    "schools": (
        "ru",
        [
            "нет мест в детском саду",
            "школа переполнена",
            "нет учителей",
            "ремонт школы",
            "школьный автобус",
            "питание в школе",
        ],
        "en",
        [
            "no places in the kindergarten",
            "the school is overcrowded",
            "no teachers",
            "school repairs",
            "the school bus",
            "school meals",
        ],
    ),
    "housing": (
        "ru",
        [
            "аварийный дом",
            "течет крыша",
            "не работает лифт",
            "расселение из ветхого жилья",
            "управляющая компания бездействует",
            "плесень в подъезде",
        ],
        "en",
        [
            "a dilapidated house",
            "the roof leaks",
            "the lift is broken",
            "rehousing from old housing",
            "the management company does nothing",
            "mould in the stairwell",
        ],
    ),
    "waste": (
        "ru",
        [
            "мусор не вывозят",
            "свалка у дома",
            "мусорный полигон",
            "нет контейнеров",
            "тариф за вывоз мусора",
            "сжигают мусор",
        ],
        "en",
        [
            "rubbish is not collected",
            "a dump by the house",
            "a landfill site",
            "no bins",
            "the rubbish collection tariff",
            "rubbish is being burnt",
        ],
    ),
}

_RU_FRAMES = [
    "У нас {p}.",
    "Прошу решить проблему: {p}.",
    "Уже {n} месяцев {p}.",
    "В {place} {p}, никто не реагирует.",
    "Когда решат вопрос, {p}?",
    "Жители {place} просят помочь: {p}.",
    "{P} на улице {street}, дом {n}.",
]
_EN_FRAMES = [
    "We have {p}.",
    "Please solve the problem: {p}.",
    "For {n} months now, {p}.",
    "In {place} there is {p} and nobody reacts.",
    "When will you deal with {p}?",
    "Residents of {place} ask for help: {p}.",
    "{P} on {street} street, house {n}.",
]
RU_PLACES = [
    "Казани",
    "Самаре",
    "Омске",
    "Перми",
    "Твери",
    "Курске",
    "Туле",
    "Чите",
    "Уфе",
    "Кирове",
    "Пензе",
    "Липецке",
    "Брянске",
    "Иркутске",
    "Тюмени",
    "Орле",
]
EN_PLACES = [
    "Kazan",
    "Samara",
    "Omsk",
    "Perm",
    "Tver",
    "Kursk",
    "Tula",
    "Chita",
    "Ufa",
    "Kirov",
    "Penza",
    "Lipetsk",
    "Bryansk",
    "Irkutsk",
    "Tyumen",
    "Oryol",
]
RU_STREETS = ["Ленина", "Мира", "Гагарина", "Советская", "Садовая", "Школьная", "Лесная", "Новая"]
EN_STREETS = [
    "Lenin",
    "Mira",
    "Gagarin",
    "Sovetskaya",
    "Sadovaya",
    "Shkolnaya",
    "Lesnaya",
    "Novaya",
]
RU_NAMES = [
    "Иванова Мария",
    "Петров Сергей",
    "Смирнова Ольга",
    "Кузнецов Андрей",
    "Попова Анна",
    "Соколов Игорь",
    "Лебедева Елена",
    "Козлов Дмитрий",
    "Новикова Татьяна",
]
EN_NAMES = [
    "Maria Ivanova",
    "Sergei Petrov",
    "Olga Smirnova",
    "Andrei Kuznetsov",
    "Anna Popova",
    "Igor Sokolov",
    "Elena Lebedeva",
    "Dmitry Kozlov",
    "Tatiana Novikova",
]
RU_GREETINGS = [
    "Здравствуйте!",
    "Уважаемый Владимир Владимирович!",
    "Добрый день.",
    "Прошу помочь!",
]
EN_GREETINGS = ["Hello!", "Dear Mr President,", "Good afternoon.", "Please help!"]
RU_FILLER = [
    "Мы устали ждать.",
    "Обращались много раз.",
    "Ответа нет.",
    "Очень надеемся на вас.",
    "Это касается всех жителей.",
    "Дети страдают.",
    "Пожилые люди не могут выйти.",
    "Местные власти ничего не делают.",
    "Просим взять на контроль.",
    "Спасибо заранее.",
]
EN_FILLER = [
    "We are tired of waiting.",
    "We have written many times.",
    "There is no answer.",
    "We really hope for you.",
    "It affects every resident.",
    "Children suffer.",
    "Old people cannot go out.",
    "Local officials do nothing.",
    "Please take control.",
    "Thank you in advance.",
]


RU_DETAILS = [
    "Я живу здесь {n} лет.",
    "Мне {n} лет.",
    "Звонила {n} раз.",
    "У меня {k} детей.",
    "Работаю {job}.",
    "Дом номер {n}, квартира {m}.",
    "Писал {d} числа.",
    "Сын служит {n} месяцев.",
    "Жду с {d} числа.",
    "Обращение номер {m}.",
]
EN_DETAILS = [
    "I have lived here {n} years.",
    "I am {n} years old.",
    "I phoned {n} times.",
    "I have {k} children.",
    "I work as {job}.",
    "House number {n}, flat {m}.",
    "I wrote on the {d}th.",
    "My son has served {n} months.",
    "Waiting since the {d}th.",
    "Reference number {m}.",
]
RU_JOBS = ["учителем", "врачом", "водителем", "инженером", "продавцом", "медсестрой", "поваром"]
EN_JOBS = [
    "a teacher",
    "a doctor",
    "a driver",
    "an engineer",
    "a shop assistant",
    "a nurse",
    "a cook",
]


@dataclass(frozen=True)
class Address:
    text: str
    topic: str
    campaign: int  # -1 for an address written on its own
    language: str


def _sentence(rng: random.Random, topic: str, language: str) -> str:
    _, ru, _, en = TOPICS[topic]
    problems, frames = (ru, _RU_FRAMES) if language == "ru" else (en, _EN_FRAMES)
    places, streets = (RU_PLACES, RU_STREETS) if language == "ru" else (EN_PLACES, EN_STREETS)
    problem = rng.choice(problems)
    return rng.choice(frames).format(
        p=problem,
        P=problem[0].upper() + problem[1:],
        n=rng.randint(1, 99),
        place=rng.choice(places),
        street=rng.choice(streets),
    )


def organic(rng: random.Random, topic: str, language: str) -> str:
    """One person's own address: one to four sentences on a topic, some filler."""
    filler, details, jobs, names = (
        (RU_FILLER, RU_DETAILS, RU_JOBS, RU_NAMES)
        if language == "ru"
        else (EN_FILLER, EN_DETAILS, EN_JOBS, EN_NAMES)
    )
    parts = [_sentence(rng, topic, language) for _ in range(rng.randint(1, 3))]
    for _ in range(rng.randint(1, 2)):
        parts.insert(
            rng.randint(0, len(parts)),
            rng.choice(details).format(
                n=rng.randint(2, 80),
                m=rng.randint(100, 99999),
                k=rng.randint(1, 5),
                d=rng.randint(2, 28),
                job=rng.choice(jobs),
            ),
        )
    if rng.random() < 0.5:
        parts.insert(rng.randint(0, len(parts)), rng.choice(filler))
    if rng.random() < 0.3:
        parts.append(rng.choice(names))
    return " ".join(parts)


def template(rng: random.Random, topic: str, language: str) -> list[str]:
    """A campaign's text as sentences: what an organiser publishes for people to copy."""
    filler = RU_FILLER if language == "ru" else EN_FILLER
    sentences = [_sentence(rng, topic, language) for _ in range(rng.randint(3, 5))]
    sentences += rng.sample(filler, 2)
    rng.shuffle(sentences)
    return sentences


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.7:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def edited_copy(rng: random.Random, sentences: list[str], language: str) -> str:
    """A copy as people really send it: edited a little, signed, greeted."""
    copy = list(sentences)
    if rng.random() < 0.3 and len(copy) > 3:
        copy.pop(rng.randrange(len(copy)))
    if rng.random() < 0.3:
        i, j = rng.randrange(len(copy)), rng.randrange(len(copy))
        copy[i], copy[j] = copy[j], copy[i]
    text = " ".join(copy)
    if rng.random() < 0.3:
        places = RU_PLACES if language == "ru" else EN_PLACES
        for place in places:
            if place in text:
                text = text.replace(place, rng.choice(places), 1)
                break
    if rng.random() < 0.3:
        text = "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in text)
    if rng.random() < 0.5:
        words = text.split(" ")
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(words))
            words[k] = _typo(rng, words[k])
        text = " ".join(words)
    if rng.random() < 0.5:
        text = rng.choice(RU_GREETINGS if language == "ru" else EN_GREETINGS) + " " + text
    if rng.random() < 0.5:
        name = rng.choice(RU_NAMES if language == "ru" else EN_NAMES)
        text += (" С уважением, " if language == "ru" else " Sincerely, ") + name
    return text


def campaign_corpus(
    *, size: int, campaign_sizes: list[int], seed: int = 0, english_share: float = 0.3
) -> list[Address]:
    """size addresses: the planted campaigns' copies, the rest written on their own, shuffled."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    addresses: list[Address] = []
    for number, copies in enumerate(campaign_sizes):
        language = "en" if rng.random() < english_share else "ru"
        topic = rng.choice(topics)
        sentences = template(rng, topic, language)
        addresses += [
            Address(edited_copy(rng, sentences, language), topic, number, language)
            for _ in range(copies)
        ]
    while len(addresses) < size:
        language = "en" if rng.random() < english_share else "ru"
        topic = rng.choice(topics)
        addresses.append(Address(organic(rng, topic, language), topic, -1, language))
    rng.shuffle(addresses)
    return addresses[:size]
