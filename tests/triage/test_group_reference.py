import numpy as np

from heard.triage.lib.duplicates import Groups
from heard.triage.lib.group_reference import copies_extra, reference_text

SENTENCES = [
    "We demand that the landfill near the river is closed this year.",
    "The smell reaches every school of the district.",
    "Children are ill and the hospital is full.",
]


def test_a_sentence_the_template_dropped_is_still_the_campaigns_not_a_senders_own():
    template = " ".join(SENTENCES[:2])  # the smallest copy dropped the third sentence
    copies = [" ".join(SENTENCES) + tail for tail in (
        "", " Thank you.", " My son Pavel has asthma since 2021, what should we do?", "")]
    texts = [template, *copies]
    groups = Groups(group=np.zeros(5, np.int64), primary=np.r_[True, [False] * 4],
                    template=np.zeros(5, np.int64))

    extra = copies_extra(texts, groups)

    assert extra[0] == "" and extra[1] == "" and extra[2] == ""
    assert extra[3] == "My son Pavel has asthma since 2021, what should we do?"
    assert "hospital" in reference_text(template, copies)


def test_a_pair_is_measured_against_the_template_alone():
    assert reference_text("a b c.", ["a b c. d e f."]) == "a b c."
