import pytest

from heard.triage.lib.own_question import asks_own_question


@pytest.mark.parametrize("extra", [
    "My husband has not been home since autumn 2022, unit 12345.",
    "Мой муж мобилизован в октябре 2022 года, в/ч 54321.",
    "Where is my son now and who decides when he comes home?",
    "Please look into my case yourself and answer in writing.",
    "Прошу лично разобраться в моем случае и ответить письменно.",
    "Помогите вернуть сына домой, он болен и не получает лечения.",
    "I ask you to tell me where the money for our street went",
])
def test_own_text_with_a_question_request_or_detail_asks_something_of_its_own(extra):
    assert asks_own_question(extra)


@pytest.mark.parametrize("extra", [
    "",
    "I fully agree with every word.",
    "Я живу в Твери и полностью согласна с этим письмом.",
    "Unit 12345?",  # a detail, but too short to be a request of its own
    "My neighbours and I signed this together in the yard.",
])
def test_a_story_without_a_question_or_a_short_remark_does_not(extra):
    assert not asks_own_question(extra)


def test_a_signature_with_a_city_and_a_date_is_not_a_question():
    assert not asks_own_question("С уважением, Лебедева Елена Самаре, 24.06.2026")
    assert not asks_own_question("Sincerely, Igor Sokolov Tver, 24.06.2026 Yours, Anna Popova")
