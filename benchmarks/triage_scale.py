"""Triage at Direct-Line scale: time and peak memory per stage on generated addresses.

    .venv/bin/python benchmarks/triage_scale.py [--size 3000000] [--compare 50000]

Generates a campaign (Russian and English, planted mass campaigns of 100 to 200,000 copies) into a
JSONL.gz file, runs `heard triage run` on it in a child process (so the figures are the
command's own), prints seconds and peak memory per stage from summary.json, and duplicate
precision/recall against the planted campaigns. Then, on a subsample, our clustering and BERTopic
side by side (time and NMI against the generated topics); BERTopic is the optional extra
`triage-compare` and is skipped, with a message, when it is not installed.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from sklearn.metrics.cluster import pair_confusion_matrix

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from heard.triage.lib.synthetic import campaign_corpus  # noqa: E402

# 1 x 200,000 ... 200 x 100: about 635,000 planted copies in 302 campaigns.
CAMPAIGNS = (
    [200_000, 100_000]
    + [50_000] * 2
    + [20_000] * 3
    + [10_000] * 5
    + [5_000] * 10
    + [1_000] * 30
    + [500] * 50
    + [100] * 200
)


def pair_scores(truth: np.ndarray, found: np.ndarray) -> tuple[float, float]:
    (_, false_positive), (false_negative, true_positive) = pair_confusion_matrix(truth, found)
    true_positive, false_positive, false_negative = (
        float(true_positive),
        float(false_positive),
        float(false_negative),
    )
    return (
        true_positive / max(true_positive + false_positive, 1),
        true_positive / max(true_positive + false_negative, 1),
    )


def generate(size: int, path: Path):
    started = time.perf_counter()
    corpus = campaign_corpus(size=size, campaign_sizes=CAMPAIGNS, seed=42)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as stream:
        for number, address in enumerate(corpus):
            stream.write(
                json.dumps(
                    {"id": number, "text": address.text, "channel": "web"}, ensure_ascii=False
                )
            )
            stream.write("\n")
    campaigns = np.array([a.campaign for a in corpus], dtype=np.int64)
    topics = [a.topic for a in corpus]
    texts = [a.text for a in corpus]
    print(
        f"generated {size:,} addresses ({(campaigns >= 0).sum():,} planted copies in "
        f"{len(CAMPAIGNS)} campaigns) in {time.perf_counter() - started:.0f} s"
    )
    return campaigns, topics, texts


def generate_realistic(size: int, path: Path) -> np.ndarray:
    """Campaign copies as they really arrive (campaign_copies.py: templates with the sender's
    story, greeting, signature, typos, partial copies, translations); truth is the template."""
    from heard.triage.lib.campaign_copies import campaign_copies

    started = time.perf_counter()
    corpus = campaign_copies(size=size, campaign_sizes=CAMPAIGNS, seed=42)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as stream:
        for number, copy in enumerate(corpus):
            stream.write(
                json.dumps({"id": number, "text": copy.text, "channel": "web"}, ensure_ascii=False)
            )
            stream.write("\n")
    templates = np.array([c.template for c in corpus], dtype=np.int64)
    print(
        f"generated {size:,} realistic addresses ({(templates >= 0).sum():,} copies of "
        f"{templates.max() + 1:,} templates in {len(CAMPAIGNS)} campaigns) in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return templates


def run_command(path: Path, out: Path) -> dict:
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="heard.config.settings.base")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "triage",
            "run",
            str(path),
            "--out",
            str(out),
            "--quiet",
        ],
        check=True,
        env=environment,
        cwd=ROOT,
    )
    wall = time.perf_counter() - started
    summary = json.loads((out / "summary.json").read_text())
    summary["wall_seconds"] = round(wall, 1)
    return summary


def print_summary(summary: dict) -> None:
    print(
        f"\nheard triage run: {summary['addresses']:,} addresses in {summary['seconds']:.0f} s "
        f"(process wall clock {summary['wall_seconds']:.0f} s), "
        f"peak memory {summary['peak_memory_mb'] / 1024:.2f} GiB"
    )
    print(f"{'stage':<12}{'seconds':>10}{'peak GiB':>10}")
    for name, stage in summary["stages"].items():
        print(f"{name:<12}{stage['seconds']:>10.1f}{stage['peak_memory_mb'] / 1024:>10.2f}")
    print(
        f"groups {summary['duplicate_groups']:,}; mass campaigns (>= "
        f"{summary['mass_campaign_size']}) {summary['mass_campaigns']:,}; largest group "
        f"{summary['largest_group']:,}; clusters {summary['clusters']}"
    )


def read_column(path: Path, key: str) -> np.ndarray:
    with path.open(encoding="utf-8") as stream:
        return np.array([json.loads(line)[key] for line in stream], dtype=np.int64)


def compare(texts: list[str], topics: list[str], size: int) -> None:
    from heard.triage.lib.clusters import cluster_texts
    from heard.triage.lib.normalise import normalise_many

    rng = np.random.default_rng(0)
    sample = rng.choice(len(texts), size=min(size, len(texts)), replace=False)
    sample_texts = [texts[i] for i in sample]
    sample_topics = [topics[i] for i in sample]
    print(
        f"\nclustering side by side on a {len(sample):,} subsample "
        f"(NMI against the {len(set(topics))} generated topics):"
    )
    started = time.perf_counter()
    normalised = normalise_many(sample_texts)
    ours = cluster_texts(normalised, clusters=50)
    ours_seconds = time.perf_counter() - started
    ours_nmi = normalized_mutual_info_score(sample_topics, ours.labels)
    print(
        f"  heard (defaults: TF-IDF+SVD, encoder only up to 10,000 texts; 50 clusters): "
        f"{ours_seconds:.0f} s, NMI {ours_nmi:.3f}"
    )
    try:
        from bertopic import BERTopic
    except ImportError:
        print("  BERTopic: skipped, not installed (pip install '.[triage-compare]')")
        return
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    # BERTopic would download a sentence-transformers model; it gets embeddings computed here
    # instead (TF-IDF + SVD, the same kind of representation heard uses for the bulk).
    started = time.perf_counter()
    tfidf = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(normalised)
    embeddings = TruncatedSVD(n_components=100, random_state=0).fit_transform(tfidf)
    model = BERTopic(embedding_model=None, calculate_probabilities=False, verbose=False)
    labels, _ = model.fit_transform(normalised, embeddings=embeddings)
    bertopic_seconds = time.perf_counter() - started
    labels = np.array(labels)
    print(
        f"  BERTopic (UMAP+HDBSCAN on TF-IDF+SVD embeddings): {bertopic_seconds:.0f} s, "
        f"NMI {normalized_mutual_info_score(sample_topics, labels):.3f}, "
        f"{len(set(labels)) - (1 if -1 in labels else 0)} topics, "
        f"{(labels == -1).mean():.0%} outliers"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=3_000_000)
    parser.add_argument("--compare", type=int, default=50_000)
    parser.add_argument(
        "--realistic", action="store_true",
        help="campaign copies with stories (campaign_copies.py) instead of the older generator",
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="heard-triage-") as scratch:
        path, out = Path(scratch) / "campaign.jsonl.gz", Path(scratch) / "out"
        if arguments.realistic:
            templates = generate_realistic(arguments.size, path)
            summary = run_command(path, out)
            print_summary(summary)
            groups = read_column(out / "duplicates.jsonl", "group")
            truth = np.where(templates >= 0, templates, np.arange(len(templates)) + 10**7)
            precision, recall = pair_scores(truth, groups)
            print(
                f"duplicates against the templates: pairwise precision {precision:.4f}, "
                f"recall {recall:.4f}"
            )
            return
        campaigns, topics, texts = generate(arguments.size, path)
        summary = run_command(path, out)
        print_summary(summary)
        groups = read_column(out / "duplicates.jsonl", "group")
        truth = np.where(campaigns >= 0, campaigns, np.arange(len(campaigns)) + len(CAMPAIGNS))
        precision, recall = pair_scores(truth, groups)
        print(
            f"duplicates against the planted campaigns: pairwise precision {precision:.4f}, "
            f"recall {recall:.4f}"
        )
        clusters = read_column(out / "clusters.jsonl", "cluster")
        print(
            f"clusters against the generated topics: NMI "
            f"{normalized_mutual_info_score(topics, clusters):.3f}"
        )
    if arguments.compare:
        compare(texts, topics, arguments.compare)


if __name__ == "__main__":
    main()
