from heard.triage.lib.normalise import normalise


def test_case_yo_and_punctuation_do_not_matter():
    assert normalise("Ёлки-палки, СНЕГ!!!") == normalise("елки палки снег")


def test_html_links_and_emails_are_dropped():
    text = "<p>Яма&nbsp;на дороге</p> см. https://example.org/a?b=1 и www.x.ru, пишите a@b.ru"
    assert normalise(text) == "яма на дороге см и пишите"


def test_masked_personal_data_is_dropped():
    assert normalise("Звоните XXXX XXX-XX-XX, Хххх") == normalise("Звоните")
    assert normalise("Xerox box") == "xerox box"


def test_english_is_normalised_the_same_way():
    assert normalise("  The  Roof\tLEAKS. ") == "the roof leaks"


def test_empty_text_stays_empty():
    assert normalise("") == ""
