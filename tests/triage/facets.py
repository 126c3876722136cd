"""Texts with two facets: a short subject the office cares about, in a long frame it does not.

Each text names one of three subjects in a few words and is wrapped in one of three long frames
(who writes, from where, how politely). The frames dominate the words, so texts alone tend to
cluster by frame; an office whose history is categorised by subject says otherwise.
"""

import random

SUBJECTS = {
    "heating": ["radiators are cold", "no heating in the flat", "the boiler is broken",
                "heating pipes frozen"],
    "roads": ["potholes on the road", "broken asphalt near the stop", "the road surface is damaged",
              "holes in the pavement"],
    "waste": ["rubbish bins overflow", "the landfill smells", "garbage not collected",
              "waste containers burnt"],
}
# Each frame is a pool of words; a text draws a dozen of them, so no two texts are copies.
FRAMES = [
    "pensioners veterans council northern microdistrict respect hope attention reply thank "
    "advance elderly war memorial retired grandparents library clinic bench square",
    "young mother children residential complex bay neighbours chat family kindergarten "
    "stroller playground school nursery tired newborn toddlers parents",
    "business owner shop market square entrepreneurs association measures customers trade "
    "licence taxes kiosk revenue suppliers tenants rent",
]


def facet_texts(count: int, *, seed: int) -> tuple[list[str], list[str]]:
    """count texts and the subject of each."""
    generator = random.Random(seed)
    texts, subjects = [], []
    for index in range(count):
        subject = list(SUBJECTS)[index % len(SUBJECTS)]
        frame = generator.sample(generator.choice(FRAMES).split(), 12)
        texts.append(" ".join(frame[:6]) + ": " + generator.choice(SUBJECTS[subject]) + ". "
                     + " ".join(frame[6:]))
        subjects.append(subject)
    return texts, subjects
