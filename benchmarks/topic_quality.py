"""Topic quality: how readable the labels are, how lopsided the topics, how well they match.

    .venv/bin/python benchmarks/topic_quality.py [--data ../shared/data/spb-appeals-dev.jsonl.gz]

Two inputs, both through the library's pipeline (near-duplicates, then topics over primaries,
TF-IDF without the sentence encoder, as the demo runs it):

- the demo Direct Line campaign (`heard.addresses.demo`), built in a throw-away SQLite database:
  NMI against the demo's categories, the largest topic's share, every label;
- the real St Petersburg appeals: NMI against the portal's "topic", the largest topic's share and
  the labels of the largest topics, on the whole file (no history) and on its newer part (by
  `created`, the newest 1 - TRAIN_SHARE), once alone, once with the older part as the office's
  history teaching the topics (its categories only, then categories and topics; lib/guidance.py).
"""

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from heard.triage.lib.io import Record  # noqa: E402
from heard.triage.lib.pipeline import triage  # noqa: E402

# As benchmarks/routing_quality.py: the oldest 80% are the office's history.
TRAIN_SHARE = 0.8
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "spb-appeals-dev.jsonl.gz"


def demo_records() -> tuple[list[Record], list[str]]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "heard.config.settings.test"
    import django

    django.setup()
    from django.db import connection

    from heard.addresses.demo import address_demo_load
    from heard.addresses.models import Address

    connection.creation.create_test_db(verbosity=0)
    address_demo_load()
    rows = list(Address.objects.order_by("pk").values_list("pk", "text", "category__code"))
    return [Record(id=pk, text=text) for pk, text, _ in rows], [code or "" for *_, code in rows]


def report(
    name: str, records: list[Record], truth: list[str], shown: int, history: list[Record] = (),
) -> float:
    started = time.perf_counter()
    result = triage(records, history=history, encoder=False)
    seconds = time.perf_counter() - started
    clusters = sorted(result.clustering.clusters, key=lambda c: -c.size)
    score = normalized_mutual_info_score(truth, result.cluster_labels)
    print(
        f"{name}: {len(records):,} addresses, {len(clusters)} topics, NMI {score:.3f}, largest "
        f"topic {clusters[0].size:,} ({clusters[0].size / len(records):.0%}), {seconds:.0f} s",
        flush=True,
    )
    for cluster in clusters[:shown]:
        members = np.asarray(truth, dtype=object)[result.cluster_labels == cluster.number]
        values, counts = np.unique(members, return_counts=True)
        print(
            f"  {cluster.size:>6,}  {' | '.join(cluster.terms)}   "
            f"[mostly {values[counts.argmax()]!r}: {counts.max() / len(members):.0%}]"
        )
    return score


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--shown", type=int, default=12)
    parser.add_argument("--train-share", type=float, default=TRAIN_SHARE)
    parser.add_argument("--skip-demo", action="store_true")
    arguments = parser.parse_args()
    if not arguments.skip_demo:
        records, categories = demo_records()
        report("demo campaign", records, categories, shown=100)
    if not arguments.data.exists():
        print(f"{arguments.data} not found: the real appeals skipped")
        return
    with gzip.open(arguments.data, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    report(
        "St Petersburg appeals", [Record(id=i, text=r["text"]) for i, r in enumerate(rows)],
        [r["topic"] for r in rows], shown=arguments.shown,
    )
    newer_part(rows, arguments.train_share, arguments.shown)


def newer_part(rows: list[dict], train_share: float, shown: int) -> None:
    """The newer part triaged alone and with the older part as the office's history."""
    rows = sorted(rows, key=lambda r: r["created"])
    cut = int(len(rows) * train_share)
    older, newer = rows[:cut], rows[cut:]
    print(f"history: {len(older):,} older appeals up to {older[-1]['created'][:10]}; triaged: "
          f"{len(newer):,} newer from {newer[0]['created'][:10]}")
    records = [Record(id=i, text=r["text"]) for i, r in enumerate(newer)]
    truth = [r["topic"] for r in newer]
    figures = {
        "no history": report("newer part, no history", records, truth, shown=0),
        "categories": report(
            "newer part, history's categories", records, truth, shown=0,
            history=[Record(id=i, text=r["text"], category=r["category"])
                     for i, r in enumerate(older)],
        ),
        "categories and topics": report(
            "newer part, history's categories and topics", records, truth, shown=shown,
            history=[Record(id=i, text=r["text"], category=r["category"], topic=r["topic"])
                     for i, r in enumerate(older)],
        ),
    }
    print("newer part NMI: " + ", ".join(f"{name} {value:.3f}" for name, value in figures.items()))


if __name__ == "__main__":
    main()
