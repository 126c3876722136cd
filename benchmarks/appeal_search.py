"""The public list of appeals with N appeals in PostgreSQL: search (common word, rare word,
Russian, English) and each sort, through the page a visitor opens.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heard_search \\
        .venv/bin/python benchmarks/appeal_search.py --size 50000 --fresh

With --fresh the database named by DATABASE_URL is dropped, created and migrated, then filled
with generated appeals (a third open, a third closed, a third rejected; titles and texts from a
Russian and English word pool). Each page is fetched through Django's test client REPEATS times
after a warm-up; p50 and p95 are printed beside a reference measured in the same run (the about
page: the framework, the middleware and a template, with no appeal read), since this machine's
speed varies."""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEATS = 15
WARMUP = 2
_WORDS = (
    "мобилизация вернуть домой срок службы пенсия дорога мост школа больница тариф жильё "
    "ремонт отопление вода транспорт льготы экология лес парк завод зарплата налог "
    "bring home service term pension road bridge school hospital tariff housing repair "
    "heating water transport benefits ecology forest park factory wages tax"
)
WORDS = _WORDS.split()
RARE = "ондатра"  # in one appeal of a thousand


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def fill(size: int) -> None:
    from django.core.management import call_command

    from heard.appeals.models import Appeal
    from heard.offices.models import Addressee

    call_command("migrate", verbosity=0)
    addressee = Addressee.objects.create(name="Bench", slug="bench", response_threshold=1000)
    rng = random.Random(16)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    batch = []
    for number in range(size):
        status = (Appeal.Status.OPEN, Appeal.Status.CLOSED, Appeal.Status.REJECTED)[number % 3]
        opened = start + timedelta(minutes=rng.randrange(700_000))
        words = rng.choices(WORDS, k=120)
        if number % 1000 == 0:
            words.append(RARE)
        count = int(rng.paretovariate(1.2) * 10)
        reached = opened + timedelta(days=3) if count >= 1000 else None
        batch.append(
            Appeal(
                addressee=addressee,
                title=" ".join(rng.choices(WORDS, k=6)),
                text=" ".join(words),
                group_name=" ".join(rng.choices(WORDS, k=2)),
                status=status,
                created_at=opened - timedelta(days=2),
                opened_at=None if status == Appeal.Status.REJECTED else opened,
                closes_at=opened + timedelta(days=183),
                rejected_at=opened if status == Appeal.Status.REJECTED else None,
                rejection_code="duplicate" if status == Appeal.Status.REJECTED else "",
                signature_count=count,
                response_threshold_reached_at=reached,
                response_due_at=reached + timedelta(days=30) if reached else None,
            )
        )
        if len(batch) == 5000:
            Appeal.objects.bulk_create(batch)
            batch = []
    Appeal.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appeals_appeal")


def timed(client, url: str) -> tuple[float, float]:
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--fresh", action="store_true")
    options = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if options.fresh:
        fresh_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.config.settings.base")
    import django

    django.setup()
    from django.test import Client

    from heard.appeals.models import Appeal

    if options.fresh:
        fill(options.size)
    client = Client()
    pages = {
        "reference: /about/ (no appeal read)": "/about/",
        "open, most signatures (default)": "/appeals/",
        "open, newest": "/appeals/?sort=newest",
        "open, closing soon": "/appeals/?sort=closing",
        "all, longest awaiting": "/appeals/?state=all&sort=awaiting",
        "search common word (all states)": "/appeals/?q=мост",
        "search common word, newest": "/appeals/?q=мост&sort=newest",
        "search English word": "/appeals/?q=bridges",
        "search rare word": f"/appeals/?q={RARE}",
        "search two words": "/appeals/?q=пенсия+тариф",
        "open, page 100": "/appeals/?page=100",
    }
    print(f"{Appeal.objects.count()} appeals; load {os.getloadavg()}")
    for name, page in pages.items():
        p50, p95 = timed(client, page)
        print(f"{name:45} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
