"""A third campaign generator, written apart from the other two: forms as people paste them.

    from benchmarks.form_campaigns import form_campaigns

An organiser publishes a petition form: an addressee line, a subject, the campaign's case in
words chosen once for the campaign (phrases with alternatives, places and numbers of its own), a
numbered list of demands, the legal lines every Russian form carries ("в соответствии с 59-ФЗ",
"ответ прошу направить...") and blanks for the signer's name and address. A campaign has a long
version, often a short one (part of the long) and sometimes a translation. A copy is a version
pasted into a web form by someone: blanks filled in or left, only the body or only the first part
pasted, quoted ("I support this petition:", "> " lines), with a greeting, a story of their own
(a clause up to the form's length, before, after or both), a signature with a phone, a city and
a date in a format of their own, keyboard typos, "ё" written "е", sometimes all lower case,
without punctuation, or the sender's own street put in. Addresses of their own use the same
greetings, legal lines and addressee lines, some on the same issues, some quoting one sentence of
a campaign. Truth is the campaign in one language: its short and long versions answer alike.
"""

import random
import re
from dataclasses import dataclass

_ALTERNATIVES = re.compile(r"\{([^{}]*\|[^{}]*)\}")

TOWNS = {"ru": ["Кимры", "Торжок", "Верея", "Сасово", "Луга", "Гатчина", "Кстово", "Бердск",
                "Шахты", "Ревда", "Асбест", "Ишим", "Канаш", "Елабуга", "Минусинск", "Белорецк"],
         "en": ["Kimry", "Torzhok", "Vereya", "Sasovo", "Luga", "Gatchina", "Kstovo", "Berdsk",
                "Shakhty", "Revda", "Asbest", "Ishim", "Kanash", "Yelabuga", "Minusinsk"]}
STREETS = {"ru": ["Садовая", "Заречная", "Пролетарская", "Лесная", "Первомайская", "Школьная",
                  "Октябрьская", "Береговая", "Рабочая", "Полевая"],
           "en": ["Garden", "Riverside", "Forest", "School", "October", "Field", "Mill",
                  "Station", "Church", "Bridge"]}
NAMES = {"ru": ["Ковалёва Н. П.", "Сергеев А. В.", "Мухаметшина Г. Р.", "Ёлкин Д. С.",
                "Пак Е. И.", "Дроздова Т. А.", "Рахимов Ф. Ш.", "Белоусов И. И."],
         "en": ["N. Kovaleva", "A. Sergeev", "G. Mukhametshina", "D. Yolkin", "Ye. Pak",
                "T. Drozdova", "F. Rakhimov", "I. Belousov"]}

ISSUES = {
    "landfill": {
        "ru": ["Администрация {собирается|планирует|намерена} разместить {мусорный полигон|"
               "мусоросортировочный комплекс|свалку твёрдых бытовых отходов} в {number} метрах от "
               "деревни у {town}.",
               "{Это|Такое решение} {отравит|загрязнит} {грунтовые воды|реку и колодцы}, из "
               "которых пьют {number} семей.",
               "Публичные слушания {не проводились|прошли без жителей|были проведены формально}.",
               "{Ветер|Запах} {с полигона|от отходов} {дойдёт до|накроет} детского сада на улице "
               "{street}."],
        "en": ["The administration {plans|intends} to put {a landfill|a waste sorting plant} "
               "{number} metres from the village near {town}.",
               "It will {poison|pollute} the {ground water|river and the wells} that {number} "
               "families drink from.",
               "{No public hearing was held|The hearing was held without residents}.",
               "The {smell|wind} from the {site|waste} will reach the kindergarten on {street} "
               "Street."],
        "demands": {"ru": ["отменить решение о размещении {полигона|комплекса}",
                           "провести независимую экологическую экспертизу",
                           "опубликовать проектную документацию"],
                    "en": ["cancel the decision to site the {landfill|plant}",
                           "order an independent environmental review",
                           "publish the project documents"]}},
    "hospital": {
        "ru": ["{Минздрав области|Областное министерство} {закрывает|сокращает|"
               "оптимизирует} {родильное отделение|хирургию|детское отделение} районной больницы "
               "{town}.",
               "Ближайшая больница {после этого|теперь} в {number} километрах, а дорога зимой "
               "{не чистится|непроезжая}.",
               "{Скорая|Машина скорой помощи} {и сейчас едет|уже сейчас идёт} больше часа.",
               "В районе живут {number} человек, из них {многие|большинство} пенсионеры."],
        "en": ["The regional ministry is {closing|cutting} the {maternity ward|surgery} of the "
               "district hospital in {town}.",
               "The nearest hospital will be {number} kilometres away, on a road that is "
               "{not cleared|impassable} in winter.",
               "An ambulance {already takes|takes} more than an hour.",
               "{number} people live in the district, {most|many} of them pensioners."],
        "demands": {"ru": ["сохранить отделение в {town}", "укомплектовать больницу врачами",
                           "отремонтировать дорогу до областного центра"],
                    "en": ["keep the ward open in {town}", "staff the hospital with doctors",
                           "repair the road to the regional centre"]}},
    "park": {
        "ru": ["{Застройщик|Компания-застройщик} {начал|готовится начать} вырубку {сквера|"
               "берёзовой рощи|парка} на улице {street}.",
               "{Под топор|Под вырубку} {идут|попадают} {number} деревьев, посаженных ещё в "
               "{year} году.",
               "{Это|Сквер} {единственное|последнее} место для прогулок {в округе|в нашем "
               "районе}.",
               "Разрешение на строительство {выдано|получено} с нарушениями."],
        "en": ["A developer {has started|is about to start} felling the {square|birch grove|"
               "park} on {street} Street.",
               "{number} trees planted in {year} {are to be cut|will be cut}.",
               "It is the {only|last} green place to walk {in the area|in our district}.",
               "The building permit was {issued|obtained} in breach of the rules."],
        "demands": {"ru": ["остановить вырубку", "отозвать разрешение на строительство",
                           "придать {скверу|роще} статус особо охраняемой территории"],
                    "en": ["stop the felling", "revoke the building permit",
                           "make the {square|grove} a protected area"]}},
    "school": {
        "ru": ["{Школу|Сельскую школу} {number} в {town} {хотят присоединить|присоединяют} к "
               "школе в райцентре.",
               "Детей {будут возить|повезут} на автобусе по {number} километров в одну сторону.",
               "{Здание|Школа} {отремонтировано|отремонтирована} в {year} году за счёт жителей.",
               "{Учителя|Педагоги} {останутся без работы|будут уволены}."],
        "en": ["School {number} in {town} is {to be merged|being merged} with the school in the "
               "district centre.",
               "Children will be bussed {number} kilometres each way.",
               "The {building|school} was repaired in {year} with residents' money.",
               "The teachers will {lose their jobs|be dismissed}."],
        "demands": {"ru": ["сохранить школу как самостоятельное учреждение",
                           "провести сход жителей до принятия решения"],
                    "en": ["keep the school as it is", "hold a residents' meeting first"]}},
    "bus": {
        "ru": ["С {первого|1-го} числа {отменён|закрыт} {автобусный маршрут|пригородный "
               "маршрут} № {number} до {town}.",
               "Люди {не могут|не имеют возможности} добраться до работы, поликлиники и МФЦ.",
               "Перевозчик {ссылается на|объясняет это} {убытки|нехваткой водителей}.",
               "Такси до {town} стоит {number} рублей в одну сторону."],
        "en": ["From the {first|1st} the bus route No. {number} to {town} is {cancelled|closed}.",
               "People {cannot|have no way to} get to work, the clinic and public services.",
               "The operator {cites|blames} {losses|a shortage of drivers}.",
               "A taxi to {town} costs {number} roubles one way."],
        "demands": {"ru": ["восстановить маршрут № {number}",
                           "объявить новый конкурс на перевозки"],
                    "en": ["restore route No. {number}", "tender the route anew"]}},
    "tariff": {
        "ru": ["{Управляющая компания|УК} {подняла|повысила} плату за содержание жилья на "
               "{number} процентов.",
               "{Общее собрание|Собрание собственников} {не проводилось|не голосовало за это}.",
               "{Подъезды не убираются|В подъездах грязно}, крыша дома на улице {street} "
               "течёт с {year} года.",
               "Квитанции {приходят|выставляются} с {ошибками|начислениями за несуществующие "
               "услуги}."],
        "en": ["The managing company has {raised|increased} the maintenance fee by {number} "
               "percent.",
               "{No owners' meeting was held|The owners never voted for it}.",
               "The stairwells are {not cleaned|filthy} and the roof on {street} Street has "
               "leaked since {year}.",
               "The bills {come|arrive} with {errors|charges for services never given}."],
        "demands": {"ru": ["провести проверку управляющей компании",
                           "сделать перерасчёт платы", "отремонтировать кровлю"],
                    "en": ["inspect the managing company", "recalculate the fees",
                           "repair the roof"]}},
    "rotation": {
        "ru": ["Наши {мужья|сыновья|близкие} {мобилизованы|призваны} в {year} году и с тех пор "
               "не были дома.",
               "{Сроков службы|Срока демобилизации} {нет|не установлено}, ротации не "
               "{проводятся|происходят}.",
               "{Семьи|Дети} не видели {отцов|их} больше {number} месяцев.",
               "{Выплаты|Денежное довольствие} {приходят|поступают} с задержками."],
        "en": ["Our {husbands|sons} were {mobilised|called up} in {year} and have not been "
               "home since.",
               "There is no {term of service|date of discharge} and {no rotation|no leave}.",
               "Children have not seen their fathers for {number} months.",
               "Pay {arrives|comes} late."],
        "demands": {"ru": ["установить срок службы мобилизованных", "ввести ротацию",
                           "предоставить отпуск"],
                    "en": ["set a term of service", "introduce rotation", "grant leave"]}},
    "road": {
        "ru": ["Дорога {от трассы|от шоссе} до {town} {не ремонтировалась|не видела ремонта} с "
               "{year} года.",
               "{Ямы|Выбоины} глубиной до {number} сантиметров, {машины ломаются|автобус не "
               "ходит}.",
               "{Обещания|Обещанный ремонт} {переносятся|переносится} из года в год.",
               "По этой дороге {возят детей в школу|ездят школьный автобус и скорая}."],
        "en": ["The road from the highway to {town} has not been repaired since {year}.",
               "Potholes up to {number} centimetres deep {break cars|stop the bus}.",
               "The promised repair is put off {year after year|again and again}.",
               "{Children go to school|The school bus and the ambulance go} this way."],
        "demands": {"ru": ["включить дорогу в план ремонта на этот год",
                           "провести ямочный ремонт до зимы"],
                    "en": ["put the road in this year's repair plan",
                           "patch the potholes before winter"]}},
    "tower": {
        "ru": ["{Во дворе|Между домами} на улице {street} {строят|начали строить} "
               "{number}-этажный дом.",
               "{Детская площадка|Парковка} {уже огорожена|снесена}.",
               "Школа и поликлиника {и так переполнены|не справляются уже сейчас}.",
               "{Жители|Мы} {узнали|узнали о стройке}, когда приехала техника."],
        "en": ["A {number}-storey block is {going up|being built} in the yard on {street} "
               "Street.",
               "The {playground|car park} is {already fenced off|gone}.",
               "The school and the clinic are {already full|overwhelmed}.",
               "{Residents|We} learned of it when the machinery arrived."],
        "demands": {"ru": ["приостановить строительство", "проверить законность разрешения"],
                    "en": ["halt the construction", "check the permit"]}},
    "water": {
        "ru": ["{В посёлке|В микрорайоне} {town} {нет|отсутствует} питьевой воды из крана с "
               "{year} года.",
               "Вода {ржавая|с запахом}, анализ показал превышение железа в {number} раз.",
               "{Водоканал|Ресурсоснабжающая организация} {отвечает отписками|не отвечает}.",
               "{Воду|Питьевую воду} {покупаем|возим} {сами|за свой счёт}."],
        "en": ["{The village|Our district} of {town} has had no drinking water from the tap "
               "since {year}.",
               "The water is {rusty|foul}; a test showed {number} times the iron limit.",
               "The water company {answers with form letters|does not answer}.",
               "We {buy|haul} water {ourselves|at our own cost}."],
        "demands": {"ru": ["построить станцию водоочистки", "организовать подвоз воды"],
                    "en": ["build a treatment station", "deliver drinking water"]}},
}

HEADERS = {"ru": ["Губернатору области", "Главе администрации {town}", "Президенту Российской "
                  "Федерации", "Прокурору района", "В Государственную думу"],
           "en": ["To the Governor of the region", "To the Head of {town} administration",
                  "To the President", "To the district prosecutor"]}
SUBJECTS = {"ru": ["Коллективное обращение жителей {town}", "ОБРАЩЕНИЕ", "Жалоба",
                   "Обращение граждан"],
            "en": ["Collective appeal of the residents of {town}", "APPEAL", "Complaint",
                   "Citizens' petition"]}
LEGAL = {"ru": ["В соответствии с Федеральным законом № 59-ФЗ «О порядке рассмотрения обращений "
                "граждан» прошу рассмотреть настоящее обращение.",
                "Ответ прошу направить в письменной форме по указанному адресу.",
                "Прошу не перенаправлять обращение в орган, действия которого обжалуются.",
                "Прошу дать ответ в установленный законом тридцатидневный срок."],
         "en": ["Under the law on citizens' appeals I ask you to consider this appeal.",
                "Please send the answer in writing to the address given.",
                "Please do not forward this appeal to the body it complains about.",
                "Please answer within the thirty days the law sets."]}
BLANK = {"ru": "Я, {name}, проживающий(ая) по адресу: {address}, поддерживаю это обращение.",
         "en": "I, {name}, living at {address}, support this appeal."}
DEMANDS_OPEN = {"ru": ["На основании изложенного прошу:", "Требуем:", "Просим Вас:"],
                "en": ["We therefore ask you to:", "We demand that you:", "Please:"]}
QUOTE_OPEN = {"ru": ["Подписываюсь под обращением:", "Поддерживаю петицию!", "Присоединяюсь."],
              "en": ["I sign this petition:", "I support the appeal!", "Count me in."]}
GREETINGS = {"ru": ["Здравствуйте.", "Добрый день!", "Уважаемый губернатор!", "Доброго времени "
                    "суток.", "Уважаемые господа,"],
             "en": ["Hello.", "Good day!", "Dear Governor,", "To whom it may concern,", "Hi,"]}
SIGN = {"ru": ["С уважением, {name}, тел. 8-9{phone}", "{name}", "Спасибо. {name}",
               "Жду ответа. {name}, {email}"],
        "en": ["Regards, {name}, tel. +7 9{phone}", "{name}", "Thanks. {name}",
               "Awaiting your reply. {name}, {email}"]}
MONTHS = {"ru": ["января", "марта", "мая", "июля", "сентября", "ноября"],
          "en": ["January", "March", "May", "July", "September", "November"]}
STORY = {
    "ru": ["Я {живу|проживаю} в {town} {number} лет.", "Мой {отец|сын|муж} {инвалид|"
           "ветеран|болеет} и без {машины|помощи} из дома не выходит.",
           "В {year} году я уже {писала|обращался} в администрацию, ответа нет.",
           "У нас {трое|двое} детей, {младшему|старшей} {number} лет.",
           "{Вчера|На прошлой неделе} {соседке|бабушке} стало плохо, {ждали|прождали} "
           "{number} минут.", "Работаю {медсестрой|водителем|учителем} в {town}.",
           "Пенсия у меня {number} рублей, {на лекарства уходит половина|на такси не хватает}.",
           "Дом на улице {street} {номер|д.} {number}, квартира {number}.",
           "{Надоело|Устали} {ждать|терпеть}, сколько можно.",
           "Мой {брат|зять} служит в части {number}, связи {нет|почти нет}.",
           "Наш {дом|подъезд} {признан аварийным|стоит без ремонта} с {year} года.",
           "{Помогите|Прошу помочь} хотя бы {советом|разъяснением}.",
           "{Зимой|Весной|Осенью} {year} года {у нас|во дворе} {прорвало трубу|упало дерево|"
           "сгорел сарай}, {никто не приехал|приехали через сутки}.",
           "Участковый {number} раз {обещал|говорил}, что {разберётся|примет меры}.",
           "Моя {мама|тётя|бабушка} {после инсульта|на инвалидной коляске|почти не видит}.",
           "Автобус до {town} ходит {раз в день|два раза в неделю|только летом}.",
           "За {газ|свет|отопление} насчитали {number} рублей {долга|переплаты}.",
           "Сосед {сверху|снизу|через стенку} {шумит по ночам|затопил нас} уже {number} раз.",
           "{Дочь|Сын|Внук} {поступил|поступила} в {колледж|университет} в {town}, "
           "{ездить|добираться} {не на чем|очень далеко}.",
           "Справку {number} {в МФЦ|в соцзащите|в поликлинике} {не выдают|требуют заново}."],
    "en": ["I have {lived|been living} in {town} for {number} years.",
           "My {father|son|husband} is {disabled|a veteran|ill} and cannot go out {alone|without "
           "help}.", "In {year} I already {wrote|complained} to the administration, no answer.",
           "We have {three|two} children, the {youngest|eldest} is {number}.",
           "{Yesterday|Last week} my {neighbour|grandmother} fell ill and we waited {number} "
           "minutes.", "I work as a {nurse|driver|teacher} in {town}.",
           "My pension is {number} roubles, {half goes on medicine|a taxi is out of reach}.",
           "House {number} on {street} Street, flat {number}.",
           "We are {tired|sick} of {waiting|this}.",
           "My {brother|son-in-law} serves in unit {number} and we {cannot|can hardly} reach "
           "him.", "Our {building|house} has been {condemned|unrepaired} since {year}.",
           "{Please help|Help us} at least with {advice|an explanation}.",
           "In the {winter|spring|autumn} of {year} {a pipe burst|a tree fell|a shed burned} "
           "{in our yard|near us} and {nobody came|help came a day later}.",
           "The local officer promised {number} times to {sort it out|act}.",
           "My {mother|aunt|grandmother} {had a stroke|uses a wheelchair|is nearly blind}.",
           "The bus to {town} runs {once a day|twice a week|only in summer}.",
           "They charged {number} roubles {too much|in arrears} for {gas|power|heating}.",
           "The neighbour {above|below|next door} has {flooded us|been noisy at night} {number} "
           "times.", "My {daughter|son|grandson} got into {college|university} in {town} and "
           "{cannot get there|the trip is too long}.",
           "The {benefits office|clinic} {will not issue|keeps asking again for} form {number}."],
}
_NEAR = {"а": "сфв", "о": "лрг", "е": "кн", "и": "мт", "н": "ег", "т": "ьи", "с": "ча",
         "р": "по", "a": "sq", "e": "wr", "o": "ip", "i": "uo", "n": "bm", "t": "ry", "s": "ad",
         "r": "et"}


@dataclass(frozen=True)
class Sample:
    text: str
    campaign: int  # -1 for an address written on its own
    language: str
    version: int = 0  # 0 the long form, 1 the short one, 2 the translation


def _fill(rng: random.Random, text: str, slots: dict) -> str:
    """Choose one of each {a|b} and fill the named slots ({number} anew at each use)."""
    text = _ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    text = re.sub(r"\{number\}", lambda _: str(rng.randint(2, 500)), text)
    return text.format(**slots)


def _slots(rng: random.Random, language: str) -> dict:
    return {"town": rng.choice(TOWNS[language]), "street": rng.choice(STREETS[language]),
            "year": rng.randint(1962, 2025)}


def _versions(rng: random.Random, language: str, issue: str, slots: dict) -> list[list[str]]:
    """The campaign's long form as lines, and its short form (part of the long)."""
    lines = [_fill(rng, line, slots) for line in rng.sample(ISSUES[issue][language],
                                                          rng.randint(2, 3))]
    # The organisers' own account of the local case: what makes two campaigns on one issue two.
    local = [_fill(rng, line, slots) for line in rng.sample(STORY[language], rng.randint(2, 3))]
    lines = rng.sample(lines + local, len(lines) + len(local))
    demands = ISSUES[issue]["demands"][language]
    demands = [_fill(rng, d, slots) for d in rng.sample(demands, rng.randint(1, len(demands)))]
    listed = " ".join(f"{n}. {d[0].upper()}{d[1:]}." for n, d in enumerate(demands, 1))
    head = [_fill(rng, rng.choice(HEADERS[language]), slots),
            _fill(rng, rng.choice(SUBJECTS[language]), slots)]
    legal = rng.sample(LEGAL[language], rng.randint(1, 3))
    long = [*head, *lines, f"{rng.choice(DEMANDS_OPEN[language])} {listed}", *legal,
            BLANK[language]]
    short = [*lines[:3], f"{rng.choice(DEMANDS_OPEN[language])} {listed}", BLANK[language]]
    return [long, short]


def _typos(rng: random.Random, text: str, count: int) -> str:
    chars = list(text)
    for _ in range(count):
        k = rng.randrange(len(chars))
        ch = chars[k].lower()
        kind = rng.random()
        if kind < 0.4 and ch in _NEAR:
            chars[k] = rng.choice(_NEAR[ch])
        elif kind < 0.6:
            chars[k] = ""
        elif kind < 0.8:
            chars[k] = chars[k] * 2
        elif k + 1 < len(chars):
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
    return "".join(chars)


def story(rng: random.Random, language: str, length: int) -> str:
    slots = _slots(rng, language)
    told = []
    frames = rng.sample(STORY[language], len(STORY[language]))
    while frames and sum(len(s) + 1 for s in told) < length:
        told.append(_fill(rng, frames.pop(), slots))
    return " ".join(told)


def _signature(rng: random.Random, language: str) -> str:
    name = rng.choice(NAMES[language])
    email = f"{rng.choice(['mama', 'ivan', 'lena', 'kot'])}{rng.randint(1, 999)}@mail.ru"
    return rng.choice(SIGN[language]).format(name=name, phone=rng.randint(10**8, 10**9 - 1),
                                             email=email)


def _place_and_date(rng: random.Random, language: str) -> str:
    town, day = rng.choice(TOWNS[language]), rng.randint(1, 28)
    month = rng.randint(1, 12)
    shapes = [f"{town}, {day:02d}.{month:02d}.2026", f"{day}.{month}.26",
              f"г. {town}, {day} {rng.choice(MONTHS['ru'])} 2026 г." if language == "ru" else
              f"{town}, {rng.choice(MONTHS['en'])} {day}, 2026"]
    return rng.choice(shapes)


def _copy(rng: random.Random, lines: list[str], language: str, story_share: float) -> str:
    lines = list(lines)
    name = rng.choice(NAMES[language])
    street = rng.choice(STREETS[language])
    address = (f"ул. {street}, д. {rng.randint(1, 99)}" if language == "ru"
               else f"{rng.randint(1, 99)} {street} St")
    blank = rng.random()
    for i, line in enumerate(lines):
        if "{name}" in line:
            if blank < 0.6:
                lines[i] = line.format(name=name, address=address)
            elif blank < 0.8:
                lines[i] = line.format(name="________", address="________")
            else:
                lines[i] = line.format(name="[ФИО]" if language == "ru" else "[name]",
                                       address="[адрес]" if language == "ru" else "[address]")
    roll = rng.random()
    if roll < 0.3 and len(lines) > 4:
        lines = lines[2:]  # the body only, without the addressee and subject lines
    body = " ".join(lines) if rng.random() < 0.7 else "\n".join(lines)
    if roll > 0.88:
        # Pasted only as far as it fitted, cut mid-sentence.
        body = body[: body.rfind(" ", 0, int(len(body) * rng.uniform(0.55, 0.9)))]
    if rng.random() < 0.25:
        body = re.sub(re.escape(STREETS[language][0]), street, body)
    body = _typos(rng, body, rng.randint(0, max(1, len(body) // 150)))
    if language == "ru" and rng.random() < 0.4:
        body = body.replace("ё", "е")
    quoting = rng.random()
    if quoting < 0.07:
        body = rng.choice(QUOTE_OPEN[language]) + "\n" + "\n".join("> " + s for s in
                                                                   body.split(". "))
    elif quoting < 0.15:
        body = f"{rng.choice(QUOTE_OPEN[language])} «{body}»"
    if rng.random() < story_share:
        own = story(rng, language, rng.randint(20, len(body)))
        where = rng.random()
        if where < 0.4:
            body = f"{own}\n{body}"
        elif where < 0.85:
            body = f"{body}\n{own}"
        else:
            half = own.find(". ", len(own) // 2)
            body = f"{own[: half + 1]} {body} {own[half + 2:]}" if half > 0 else f"{own} {body}"
    if rng.random() < 0.5:
        body = f"{rng.choice(GREETINGS[language])} {body}"
    if rng.random() < 0.5:
        body += "\n" + _signature(rng, language)
    if rng.random() < 0.4:
        body += " " + _place_and_date(rng, language)
    if rng.random() < 0.15:
        body = body.lower()
    if rng.random() < 0.08:
        body = re.sub(r"[.,!?:;«»]", "", body)
    return body


def _own(rng: random.Random, language: str, campaigns: list) -> str:
    """A letter of one's own, often in a campaign's forms, sometimes on its issue or quoting it."""
    text = story(rng, language, rng.choice([60, 120, 200, 300, 450]))
    slots = _slots(rng, language)
    roll = rng.random()
    if roll < 0.25:
        issue = rng.choice(list(ISSUES))
        text = f"{_fill(rng, rng.choice(ISSUES[issue][language]), slots)} {text}"
    elif roll < 0.3 and campaigns:
        lines = rng.choice(campaigns)
        text = f"{text} {rng.choice(lines[2:-1])}"
    if rng.random() < 0.3:
        text = f"{_fill(rng, rng.choice(HEADERS[language]), slots)} {text}"
    if rng.random() < 0.4:
        text = f"{rng.choice(GREETINGS[language])} {text}"
    if rng.random() < 0.35:
        text += " " + " ".join(rng.sample(LEGAL[language], rng.randint(1, 3)))
    if rng.random() < 0.4:
        text += "\n" + _signature(rng, language)
    if rng.random() < 0.12:
        text = text.lower()
    return text


def form_campaigns(
    *, size: int, campaign_sizes: list[int], seed: int = 0, english_share: float = 0.4,
    story_share: float = 0.6, short_share: float = 0.5, translated_share: float = 0.3,
) -> list[Sample]:
    """size addresses: copies of the campaigns' forms and letters of their own, shuffled."""
    rng = random.Random(seed)
    out: list[Sample] = []
    published = []
    for number, copies in enumerate(campaign_sizes):
        language = "en" if rng.random() < english_share else "ru"
        if number % len(ISSUES) == 0:
            issues = rng.sample(list(ISSUES), len(ISSUES))
        issue = issues[number % len(ISSUES)]
        slots = _slots(rng, language)
        long, short = _versions(rng, language, issue, slots)
        versions = [(long, language)]
        if rng.random() < short_share:
            versions.append((short, language))
        else:
            versions.append(([], language))
        if rng.random() < translated_share:
            other = "en" if language == "ru" else "ru"
            slots_other = dict(slots, town=rng.choice(TOWNS[other]),
                               street=rng.choice(STREETS[other]))
            versions.append((_versions(rng, other, issue, slots_other)[0], other))
        published += [lines for lines, _ in versions if lines]
        for _ in range(copies):
            version = rng.choice([i for i, (lines, _) in enumerate(versions) if lines])
            lines, version_language = versions[version]
            out.append(Sample(_copy(rng, lines, version_language, story_share), number,
                              version_language, version))
    while len(out) < size:
        language = "en" if rng.random() < english_share else "ru"
        out.append(Sample(_own(rng, language, published), -1, language))
    rng.shuffle(out)
    return out[:size]
