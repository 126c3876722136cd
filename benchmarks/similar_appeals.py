"""Similar appeals (heard/appeals/similar.py): the cost of building the in-process index and of
one look-up, and how often the nearest appeal shares the real text's topic.

    .venv/bin/python benchmarks/similar_appeals.py [--data ../shared/data/spb-appeals-dev.jsonl.gz]

The real St Petersburg appeals stand in for appeal texts (the first line as the title, the
text as the text); each size takes the first N. "Same topic" is the share of 200 held-out texts
whose nearest indexed text (if any scores at least MIN_SIMILARITY) has the portal's same topic,
a rough reading of whether "similar" means the same subject; "none" is the share with no
appeal shown at all.
"""

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.config.settings.test")

import django  # noqa: E402

django.setup()

from heard.appeals.similar import MIN_SIMILARITY, TEXT_CHARS, build_index, nearest  # noqa: E402
from heard.triage.lib.normalise import normalise  # noqa: E402


def load(path: Path, limit: int) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for _, line in zip(range(limit), lines, strict=False)]


def words(record: dict) -> str:
    title = record["text"].split(".")[0][:150]
    return normalise(" ".join([title, title, record["text"][:TEXT_CHARS]]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT.parent / "shared/data/spb-appeals-dev.jsonl.gz"))
    parser.add_argument("--sizes", default="1000,5000,10000")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    records = load(Path(arguments.data), max(sizes) + 200)
    held_out, pool = records[:200], records[200:]
    print(f"min similarity {MIN_SIMILARITY}; {len(pool)} texts available")
    # CPU seconds beside wall seconds: on a shared machine the wall clock measures the others.
    print("indexed | build s (CPU s) | look-up ms, CPU ms (medians of 200) | same topic | none")
    for size in sizes:
        indexed = pool[:size]
        started, started_cpu = time.perf_counter(), time.process_time()
        index = build_index((), list(range(len(indexed))), [words(r) for r in indexed])
        built = time.perf_counter() - started
        built_cpu = time.process_time() - started_cpu
        timings, cpu, same, none = [], [], 0, 0
        for record in held_out:
            started, started_cpu = time.perf_counter(), time.process_time()
            found = nearest(index, words(record), limit=5)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            if not found:
                none += 1
            elif indexed[found[0][0]]["topic"] == record["topic"]:
                same += 1
        timings.sort()
        cpu.sort()
        print(
            f"{len(indexed):>7} | {built:7.2f} ({built_cpu:.2f}) | "
            f"{timings[len(timings) // 2] * 1000:10.1f}, {cpu[len(cpu) // 2] * 1000:.1f} | "
            f"{same / len(held_out):10.0%} | {none / len(held_out):10.0%}"
        )


if __name__ == "__main__":
    main()
