import pytest

from heard.triage.lib.labels import PLACES, STOP_WORDS, _morphology, label_topics, proper_names
from heard.triage.lib.normalise import normalise_many

WATER = [
    "В нашем доме в Улан-Удэ второй год нет горячей воды. Управляющая компания не отвечает.",
    "Здравствуйте! В Омске в доме нет горячей воды уже месяц, управляющая компания молчит.",
    "Прошу помочь: в Кургане третий месяц нет горячей воды, а управляющая компания бездействует.",
    "Уважаемый Владимир Владимирович, в Чите отключили горячую воду, управляющая компания не "
    "отвечает на звонки.",
]
SERVICE = [
    "Мой муж мобилизован в октябре 2022 года. Когда установят срок службы для мобилизованных?",
    "Прошу установить срок службы мобилизованных из Улан-Удэ, сын не был дома больше года.",
    "Почему не установлен срок службы мобилизованных? Мой брат из Пскова служит второй год.",
    "My son was mobilised from Ulan-Ude in 2022. When will the term of service be set?",
]


@pytest.fixture(scope="module")
def labels():
    originals = WATER + SERVICE
    return label_topics(
        normalise_many(originals), [0] * len(WATER) + [1] * len(SERVICE), 2, originals=originals
    )


def _words(label):
    return [word for phrase in label for word in phrase.split()]


def test_labels_are_phrases_without_stop_words(labels):
    water, service = labels
    assert "горячей воды" in water and "управляющая компания" in water
    assert any("срок службы" in phrase for phrase in service)
    assert not STOP_WORDS & set(_words(water) + _words(service))


def test_labels_show_no_place_or_name_fragments(labels):
    shown = set(_words(labels[0]) + _words(labels[1]))
    fragments = ("улан", "удэ", "ulan", "ude", "омске", "кургане", "чите", "пскова", "владимир")
    assert not set(fragments) & shown
    assert not PLACES & shown


def test_no_lemma_appears_twice_in_a_label(labels):
    morphology = _morphology()
    for label in labels:
        lemmas = [morphology.parse(word)[0].normal_form for word in _words(label)]
        assert len(lemmas) == len(set(lemmas)), label


def test_names_are_told_by_their_case_inside_sentences():
    names = proper_names(
        ["Дорога от Кургана до центра разбита.", "Пишу из Кургана, дорога плохая."]
    )
    assert "кургана" in names and "дорога" not in names and "пишу" not in names


def test_a_label_speaks_for_the_addresses_its_texts_stand_for():
    texts = normalise_many(["нет горячей воды в доме", "разбита дорога до районного центра"])
    (label,) = label_topics(texts, [0, 0], 1, weights=[1, 50])
    assert label[0] in ("разбита дорога", "районного центра")


def test_the_dictionaries_ship_with_the_package():
    assert _morphology().parse("мобилизованных")[0].normal_form == "мобилизовать"
