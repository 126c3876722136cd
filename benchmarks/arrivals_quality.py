"""Database-mode grouping of campaign copies that arrive after a run, against file mode.

    DATABASE_URL=sqlite:////tmp/arrivals.sqlite3 .venv/bin/python benchmarks/arrivals_quality.py \
        [--size 6000] [--before 0.5] [--generator demands --seed 62]

Generates realistic campaigns (heard/triage/lib/campaign_copies.py: stories up to the template's
length, greetings, typos, translations), stores them as one intake campaign (bulk rows, no
services: this measures triage, not intake), runs the database-mode triage on the first share,
joins the rest as arrivals in chunks, and prints pairwise precision, recall and F1 against the
generator's templates, for the database mode (run + arrivals) and for file mode over all texts,
with the seconds per arrival chunk. With --generator, the corpus is one of
benchmarks/campaign_grouping.py's (letters, forms, remix, demands, short, appeals) at --seed,
shuffled as arrivals interleave. Use a scratch database: it migrates and writes to it.
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.config.settings.base")


def pair_scores(truth: np.ndarray, found: np.ndarray) -> tuple[float, float, float]:
    from sklearn.metrics.cluster import pair_confusion_matrix

    (_, false_positive), (false_negative, true_positive) = pair_confusion_matrix(truth, found)
    precision = float(true_positive) / max(float(true_positive + false_positive), 1)
    recall = float(true_positive) / max(float(true_positive + false_negative), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


class _Copy:
    """A generated text as campaign_copies gives it: its text and its campaign (-1 for none)."""

    def __init__(self, text: str, template: int):
        self.text, self.template = text, template


def _generated(name: str, seed: int, size: int) -> list[_Copy]:
    from benchmarks.campaign_grouping import GENERATORS

    texts, truth, *_ = GENERATORS[name][0](seed, size)
    order = np.random.default_rng(seed).permutation(len(texts))
    return [_Copy(texts[i], int(truth[i])) for i in order]


def _left_open(campaign, rows, copies) -> None:
    """Copies left open by a merge: those the rule says ask something of their own, against
    whether campaign_copies gave the copy a story of its own (the other generators do not say)."""
    from django.db.models import F

    from heard.triage.models import AddressTriage

    own = dict(AddressTriage.objects.filter(campaign=campaign, group__isnull=False)
               .exclude(group__template_id=F("address_id"))
               .values_list("address__number", "own_question"))
    for name, wanted in (("with a story", True), ("without one", False)):
        flags = [own[row.number] for row, copy in zip(rows, copies, strict=True)
                 if row.number in own and copy.template >= 0 and bool(copy.story) == wanted]
        print(f"grouped copies {name}: {sum(flags):,} of {len(flags):,} kept open by a merge")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=6000)
    parser.add_argument("--before", type=float, default=0.5, help="share triaged by the run")
    parser.add_argument("--generator", default="", help="a campaign_grouping.py generator")
    parser.add_argument("--seed", type=int, default=0, help="with --generator")
    arguments = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    from heard.addresses.models import Address, Campaign
    from heard.offices.models import Addressee
    from heard.triage.arrivals import arrivals_join
    from heard.triage.lib.campaign_copies import campaign_copies
    from heard.triage.lib.duplicates import group_duplicates
    from heard.triage.lib.normalise import normalise
    from heard.triage.models import AddressTriage, TriageRun
    from heard.triage.services import triage_run_campaign

    call_command("migrate", verbosity=0)
    if arguments.generator:
        copies = _generated(arguments.generator, arguments.seed, arguments.size)
    else:
        sizes = [arguments.size // 10, arguments.size // 20, *[arguments.size // 100] * 10,
                 *[20] * 20]
        copies = campaign_copies(size=arguments.size, campaign_sizes=sizes, seed=5)
    stamp = int(time.time())
    addressee = Addressee.objects.create(name=f"Bench {stamp}", slug=f"bench-{stamp}")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    campaign = Campaign.objects.create(
        addressee=addressee, slug=f"bench-{stamp}", title="Bench", starts_at=start,
        ends_at=start + timedelta(days=30), channels=["web"], created_at=start)
    rows = [Address(number=f"B{stamp}-{i}", tracking_salt="s", tracking_code_hash="h",
                    addressee=addressee, text=copy.text, channel="web", campaign=campaign,
                    status=Address.Status.REGISTERED, received_at=start + timedelta(seconds=i),
                    registration_due_at=start + timedelta(days=3))
            for i, copy in enumerate(copies)]
    before = int(len(rows) * arguments.before)
    Address.objects.bulk_create(rows[:before], batch_size=2000)
    started = time.perf_counter()
    triage_run_campaign(campaign_id=campaign.pk, encoder=False)
    print(f"run over {before:,}: {time.perf_counter() - started:.1f} s,",
          TriageRun.objects.filter(campaign=campaign).first().stages)
    Address.objects.bulk_create(rows[before:], batch_size=2000)
    chunks = []
    while True:
        started = time.perf_counter()
        joined = arrivals_join(campaign_id=campaign.pk, limit=2000)
        if not joined:
            break
        chunks.append(time.perf_counter() - started)
    print(f"arrivals {len(rows) - before:,} in {len(chunks)} chunks, seconds per chunk: "
          + ", ".join(f"{seconds:.1f}" for seconds in chunks))
    group_of = dict(AddressTriage.objects.filter(campaign=campaign)
                    .values_list("address__number", "group_id"))
    truth = np.array([c.template if c.template >= 0 else -1 - i for i, c in enumerate(copies)])
    found = np.array([group_of[row.number] or -1 - i for i, row in enumerate(rows)])
    arrived = np.arange(len(rows)) >= before
    # Pairs among arrivals and between an arrival and a run-time copy: what arrivals decide.
    for name, mask in (("all", np.ones(len(rows), bool)), ("arrivals", arrived)):
        precision, recall, f1 = pair_scores(truth[mask], found[mask])
        print(f"database mode, {name}: precision {precision:.3f} recall {recall:.3f} "
              f"F1 {f1:.3f}")
    if not arguments.generator:
        _left_open(campaign, rows, copies)
    groups = group_duplicates([normalise(c.text) for c in copies])
    precision, recall, f1 = pair_scores(truth, groups.group)
    print(f"file mode, all: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
