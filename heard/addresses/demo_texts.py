"""Material for the demo: believable addresses in Russian and English, by category."""

CATEGORIES = [
    # code, Russian name, English name, department code
    (
        "mobilisation",
        "Мобилизация и военная служба",
        "Mobilisation and military service",
        "military",
    ),
    ("payments", "Выплаты и пособия", "Payments and benefits", "social"),
    ("housing", "Жильё и ЖКХ", "Housing and utilities", "regions"),
    ("healthcare", "Здравоохранение", "Healthcare", "social"),
    ("prices", "Цены и экономика", "Prices and the economy", "economy"),
    ("roads", "Дороги и транспорт", "Roads and transport", "regions"),
    ("education", "Образование", "Education", "social"),
]

DEPARTMENTS = [
    ("letters", "Отдел писем (общий)"),
    ("military", "Управление по вопросам военной службы"),
    ("social", "Управление социальной политики"),
    ("regions", "Управление по работе с регионами"),
    ("economy", "Экономическое управление"),
]

CITIES_RU = ["Самары", "Омска", "Твери", "Улан-Удэ", "Кургана", "Читы", "Якутска", "Пскова"]
CITIES_EN = ["Samara", "Omsk", "Tver", "Ulan-Ude", "Kurgan", "Chita", "Yakutsk", "Pskov"]
RELATIVES_RU = ["муж", "сын", "брат", "отец", "зять"]
RELATIVES_EN = ["husband", "son", "brother", "father", "son-in-law"]

TEXTS_RU = {
    "mobilisation": [
        "Мой {relative} мобилизован в октябре 2022 года и до сих пор не вернулся домой. "
        "Когда будут установлены сроки службы для мобилизованных?",
        "Прошу разъяснить порядок ротации мобилизованных из {city}. Мой {relative} не был в "
        "отпуске больше года.",
        "Почему мобилизованных не отпускают после года службы? Семьи ждут ответа.",
    ],
    "payments": [
        "Третий месяц не приходит выплата семье мобилизованного. Мой {relative} служит, "
        "а в военкомате {city} отвечают, что документы потеряны.",
        "Прошу проверить, почему мне отказали в региональной выплате в размере {amount} рублей.",
    ],
    "housing": [
        "Наш дом на окраине {city} второй год без горячей воды. Управляющая компания не отвечает.",
        "Аварийный дом в центре {city} не расселяют с 2019 года. Когда нас переселят?",
    ],
    "healthcare": [
        "В поликлинике {city} нет невролога уже полгода. "
        "Запись только через месяц в другом городе.",
        "Прошу помочь с получением лекарств для ребёнка-инвалида: аптека отказывает третий раз.",
    ],
    "prices": [
        "Цены на яйца и масло в магазинах {city} выросли вдвое. Будут ли меры против роста цен?",
        "Пенсия {amount} рублей, а коммунальные платежи растут каждый год. Как на это жить?",
    ],
    "roads": [
        "Дорога от {city} до районного центра разбита, автобус отменили. "
        "Прошу включить её в ремонт.",
        "На трассе у {city} нет освещения, за год погибли четыре человека.",
    ],
    "education": [
        "В школе {city} не хватает учителей математики, дети занимаются с заменами.",
        "Прошу сохранить сельскую школу, которую собираются закрыть в нашем районе "
        "недалеко от {city}.",
    ],
}

TEXTS_EN = {
    "mobilisation": [
        "My {relative} was mobilised in autumn 2022 and has not been home since. When will there "
        "be a limit on the service of the mobilised?",
        "Please explain how rotation works for men mobilised from {city}. My {relative} has had "
        "no leave for more than a year.",
    ],
    "payments": [
        "The payment to the family of a mobilised soldier has not arrived for three months. The "
        "enlistment office in {city} says the papers were lost.",
    ],
    "housing": ["Our block of flats in {city} has had no hot water for two years."],
    "healthcare": ["There has been no neurologist at the clinic in {city} for six months."],
    "prices": ["Prices of basic food in {city} have doubled. What will be done about it?"],
    "roads": ["The road from {city} to the district centre is broken and the bus was cancelled."],
    "education": ["The school in {city} has no mathematics teacher this year."],
}

NAMES = [
    "Анна Смирнова",
    "Ольга Иванова",
    "Мария Кузнецова",
    "Елена Попова",
    "Ирина Соколова",
    "Наталья Лебедева",
    "Татьяна Козлова",
    "Светлана Новикова",
    "Юлия Морозова",
    "Сергей Петров",
    "Алексей Волков",
    "Дмитрий Фёдоров",
    "Nina Orlova",
    "Paul Sokolov",
]

MASS_TEXT_RU = (
    "Мы, жёны и матери мобилизованных, просим вернуть наших мужчин домой и установить "
    "срок службы для мобилизованных не более одного года."
)

ANSWERS_RU = {
    "mobilisation": "Ваше обращение рассмотрено. Вопросы сроков службы мобилизованных граждан "
    "регулируются указом о частичной мобилизации; обращение направлено для учёта в работе.",
    "payments": "По вашему обращению проведена проверка; выплата будет перечислена в течение "
    "десяти рабочих дней.",
    "default": "Ваше обращение рассмотрено, по нему даны поручения профильному ведомству.",
}

ANSWER_EN = "Your address has been considered and instructions were given to the competent body."


# Prepared answers the office reuses (AnswerTemplate): category code or None for every address.
ANSWER_TEMPLATES = [
    (
        "mobilisation",
        "Сроки службы мобилизованных",
        "Ваше обращение рассмотрено. Сроки службы граждан, призванных по мобилизации, и порядок "
        "их замены определяются указом о частичной мобилизации и решениями Министерства обороны. "
        "Ваше обращение о конкретном военнослужащем направлено в Министерство обороны для ответа "
        "по существу; о результате вам сообщат в установленный законом срок.",
    ),
    (
        "housing",
        "Расселение аварийного жилья",
        "Ваше обращение рассмотрено. Расселение аварийных домов ведут органы власти субъекта по "
        "региональной программе. Обращение направлено в администрацию региона с просьбой сообщить "
        "вам срок расселения вашего дома и проверить, включён ли он в программу.",
    ),
    (
        "healthcare",
        "Лекарственное обеспечение",
        "Ваше обращение рассмотрено. Обеспечение льготными лекарствами организует орган "
        "здравоохранения региона. Обращение направлено туда для проверки и ответа вам по "
        "существу; копия направлена в территориальный орган Росздравнадзора.",
    ),
    (
        None,
        "Направлено по компетенции",
        "Ваше обращение получено и зарегистрировано. Поставленные в нём вопросы относятся к "
        "ведению другого органа, и обращение направлено туда в течение семи дней со дня "
        "регистрации (статья 8 Федерального закона № 59-ФЗ). Ответ по существу вы получите оттуда.",
    ),
]
