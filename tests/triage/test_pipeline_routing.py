import random

from heard.triage.lib.io import Record
from heard.triage.lib.pipeline import triage

TOPICS = {"освещение": "Ленсвет", "дороги": "Комитет по дорогам"}


def _history(count=200, seed=0):
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        topic = rng.choice(list(TOPICS))
        rows.append(Record(
            id=number, text=f"прошу разобраться дом {rng.randint(1, 99)}", region="Невский",
            category="общее", topic=topic, department=TOPICS[topic],
        ))
    return rows


def test_file_triage_routes_by_the_topic_the_history_and_the_address_carry():
    records = [
        Record(id=f"new-{topic}", text="прошу разобраться дом 5", region="Невский",
               category="общее", topic=topic)
        for topic in TOPICS
    ]
    result = triage(records, history=_history(), clusters=2, encoder=False)
    assert [s[0].name for s in result.suggestions] == list(TOPICS.values())
