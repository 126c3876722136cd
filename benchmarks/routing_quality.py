"""Routing quality: heard's router against a plain model, on the real appeals split by date.

    .venv/bin/python benchmarks/routing_quality.py [--data ../shared/data/spb-appeals-dev.jsonl.gz]
        [--seeds 3] [--first-seed 0] [--small 2000] [--skip-full] [--without-learnt-kinds]
        [--with-topics]

Every setting tests on the newer part of the routed appeals (by `created`) and trains on the
older part:

- date split: the whole older part;
- small office: SEEDS samples of SMALL older appeals (an office that has routed only that many),
  seeds FIRST_SEED, FIRST_SEED + 1, ... (seeds never looked at while choosing, for an honest check);
- small office, relabelled: the same, with every department renamed to an opaque "body-N" and a
  few pairs merged, so that nothing depends on St Petersburg's naming of district departments.

The plain model is TF-IDF words + district one-hot + LinearSVC, measured in the same run. For
heard it also prints the calibration of the first suggestion's score (expected calibration error
over ten bins) and, per confidence threshold, the share flagged for a person and the accuracy of
the rest. With --with-topics heard is also given each appeal's `topic` (the portal's fine-grained
reason, which the sender picks with the category when writing; decision 0554), and the run also
prints the plain model given the topic and a district x topic lookup table: what the field alone
is worth.
"""

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import OneHotEncoder
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from heard.triage.lib.routing import Router  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "spb-appeals-dev.jsonl.gz"
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


def _context(row: dict, topics: bool) -> list:
    if not topics:
        return [row["region"]]
    return [row["region"], row.get("topic"), f"{row['region']}|{row.get('topic')}"]


def plain_top1(train: list[dict], test: list[dict], topics: bool = False) -> float:
    """TF-IDF words + district one-hot (+ topic and district x topic) + LinearSVC."""
    words = TfidfVectorizer(sublinear_tf=True, min_df=2)
    district = OneHotEncoder(handle_unknown="ignore")
    train_x = sparse.hstack([
        words.fit_transform([r["text"] for r in train]),
        district.fit_transform([_context(r, topics) for r in train]),
    ]).tocsr()
    test_x = sparse.hstack([
        words.transform([r["text"] for r in test]),
        district.transform([_context(r, topics) for r in test]),
    ]).tocsr()
    model = LinearSVC().fit(train_x, [r["department"] for r in train])
    best = model.classes_[model.decision_function(test_x).argmax(axis=1)]
    return float(np.mean(best == np.array([r["department"] for r in test], dtype=object)))


def lookup_top1(train: list[dict], test: list[dict]) -> float:
    """The department most often sent the same district and topic (else the district's)."""
    by_pair: dict = defaultdict(Counter)
    by_region: dict = defaultdict(Counter)
    for row in train:
        by_pair[(row["region"], row.get("topic"))][row["department"]] += 1
        by_region[row["region"]][row["department"]] += 1
    right = 0
    for row in test:
        counts = by_pair.get((row["region"], row.get("topic"))) or by_region.get(row["region"])
        right += bool(counts) and counts.most_common(1)[0][0] == row["department"]
    return right / len(test)


def heard_figures(
    train: list[dict], test: list[dict], learn_kinds: bool = True, topics: bool = False
) -> dict:
    router = Router(learn_kinds=learn_kinds).fit(
        [r["text"] for r in train], regions=[r["region"] for r in train],
        categories=[r["category"] for r in train], departments=[r["department"] for r in train],
        topics=[r.get("topic") for r in train] if topics else None,
    )
    suggestions = router.suggest(
        [r["text"] for r in test], regions=[r["region"] for r in test],
        categories=[r["category"] for r in test],
        topics=[r.get("topic") for r in test] if topics else None,
    )
    truth = [r["department"] for r in test]
    right = np.array([bool(s) and s[0].name == t for s, t in zip(suggestions, truth, strict=True)])
    top3 = np.mean([t in {x.name for x in s} for s, t in zip(suggestions, truth, strict=True)])
    confidence = np.array([s[0].score if s else 0.0 for s in suggestions])
    return {
        "top1": float(right.mean()), "top3": float(top3), "sharpness": router.sharpness,
        "ece": expected_calibration_error(confidence, right),
        "thresholds": {
            threshold: (float((confidence < threshold).mean()),
                        float(right[confidence >= threshold].mean()) if
                        (confidence >= threshold).any() else float("nan"))
            for threshold in THRESHOLDS
        },
    }


def expected_calibration_error(confidence: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidence >= low) & ((confidence < high) | (high == 1.0))
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - right[inside].mean())
    return float(error)


def relabelled(rows: list[dict], seed: int, merges: int = 8) -> list[dict]:
    names = sorted({r["department"] for r in rows})
    generator = random.Random(seed)
    generator.shuffle(names)
    opaque = {name: f"body-{number}" for number, name in enumerate(names)}
    for first, second in zip(names[: merges * 2 : 2], names[1 : merges * 2 : 2], strict=True):
        opaque[second] = opaque[first]
    return [{**r, "department": opaque[r["department"]]} for r in rows]


def report(label: str, plain: float, figures: dict, seconds: float) -> None:
    print(
        f"  {label}: plain {plain:.3f}  heard {figures['top1']:.3f} (top-3 {figures['top3']:.3f})"
        f"  gain {100 * (figures['top1'] - plain):+.1f} pt  ECE {figures['ece']:.3f}"
        f"  sharpness {figures['sharpness']:.2f}  ({seconds:.0f} s)", flush=True,
    )
    print("    threshold: flagged share / accuracy of the rest  " + "  ".join(
        f"{t:.1f}: {flagged:.2f}/{accuracy:.3f}"
        for t, (flagged, accuracy) in figures["thresholds"].items()
    ), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--train-share", type=float, default=0.8)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--skip-full", action="store_true")
    # heard as it was before kinds were learnt from history (names alone), to compare
    parser.add_argument("--without-learnt-kinds", action="store_true")
    # heard given each appeal's fine-grained topic as well as its category
    parser.add_argument("--with-topics", action="store_true")
    arguments = parser.parse_args()
    if not arguments.data.exists():
        print(f"{arguments.data} not found: nothing to measure")
        return
    with gzip.open(arguments.data, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    routed = sorted((r for r in rows if r.get("department")), key=lambda r: r["created"])
    cut = int(len(routed) * arguments.train_share)
    train, test = routed[:cut], routed[cut:]
    print(f"{len(routed):,} routed appeals; train {len(train):,} up to {train[-1]['created'][:10]}"
          f", test {len(test):,} from {test[0]['created'][:10]}")
    learn_kinds = not arguments.without_learnt_kinds
    topics = arguments.with_topics
    if not arguments.skip_full:
        started = time.perf_counter()
        figures = heard_figures(train, test, learn_kinds, topics)
        report("date split", plain_top1(train, test), figures, time.perf_counter() - started)
        if topics:
            print(f"    given the topic: plain {plain_top1(train, test, True):.3f}"
                  f"  district x topic lookup {lookup_top1(train, test):.3f}", flush=True)
    for relabel in (False, True) if arguments.seeds else ():
        gains = []
        print(f"small office ({arguments.small:,} older appeals)"
              + (", departments relabelled and merged" if relabel else ""))
        for seed in range(arguments.first_seed, arguments.first_seed + arguments.seeds):
            small = sorted(random.Random(seed).sample(train, arguments.small),
                           key=lambda r: r["created"])  # oldest first, as heard trains
            small_test = test
            if relabel:
                both = relabelled(small + test, seed)
                small, small_test = both[: len(small)], both[len(small):]
            started = time.perf_counter()
            plain = plain_top1(small, small_test)
            figures = heard_figures(small, small_test, learn_kinds, topics)
            report(f"seed {seed}", plain, figures, time.perf_counter() - started)
            if topics:
                print(f"    given the topic: plain {plain_top1(small, small_test, True):.3f}"
                      f"  district x topic lookup {lookup_top1(small, small_test):.3f}",
                      flush=True)
            gains.append(figures["top1"] - plain)
        print(f"  mean gain {100 * np.mean(gains):+.1f} pt (min {100 * min(gains):+.1f})")


if __name__ == "__main__":
    main()
