"""Stages over a batch of addresses, with seconds and peak memory recorded per stage."""

import resource
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from heard.triage.lib import parallel
from heard.triage.lib.clusters import Clustering, cluster_texts
from heard.triage.lib.duplicates import Groups, group_duplicates
from heard.triage.lib.guidance import Guide, guide_fit
from heard.triage.lib.io import Record
from heard.triage.lib.normalise import normalise, normalise_many
from heard.triage.lib.oversized import MAX_TOPIC_SHARE
from heard.triage.lib.routing import Router, Suggestion, rule_department

_PAGE = resource.getpagesize()
_BATCH = 50_000


class _Progress:
    def update(self, done: int) -> None:
        pass

    def close(self) -> None:
        pass


ProgressFactory = Callable[[str, int], object]


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except OSError:  # not Linux: the lifetime peak is the best there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclass
class StageRecorder:
    """Seconds, CPU seconds (of the whole process and of the worker processes it waited for,
    lib/parallel.py: on a shared machine the figure that does not depend on the others' load)
    and peak resident memory of each stage; memory is sampled every 20 ms."""

    stages: dict[str, dict[str, float]] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str):
        peak = [_resident_bytes()]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.02):
                peak[0] = max(peak[0], _resident_bytes())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        cpu = cpu_seconds()
        try:
            yield
        finally:
            stop.set()
            sampler.join()
            peak[0] = max(peak[0], _resident_bytes())
            self.stages[name] = {
                "seconds": round(time.perf_counter() - started, 3),
                "cpu_seconds": round(cpu_seconds() - cpu, 3),
                "peak_memory_mb": round(peak[0] / 2**20, 1),
            }


@dataclass
class TriageResult:
    groups: Groups
    cluster_labels: np.ndarray  # per address
    clustering: Clustering  # over the primaries; representatives mapped to address positions
    suggestions: list[list[Suggestion]]  # per address, empty without history
    stages: dict[str, dict[str, float]]
    extra: list[str]  # per address: its own text beyond its group's template, "" when none


def copies_extra(records: Sequence[Record], groups: Groups) -> list[str]:
    """Each copy's own text beyond its group's template (and the campaign's common sentences,
    heard/triage/lib/group_reference.py); "" for the template and singletons. Large batches
    share the groups out between two processes (lib/parallel.py)."""
    return parallel.copies_extra([record.text for record in records], groups)


def history_guide(history: Sequence[Record]) -> Guide | None:
    """What the office's history (its records' categories and topics) teaches the topics, or
    None when it has too little labelled (heard/triage/lib/guidance.py)."""
    labelled = [r for r in history if r.category or r.topic]
    if not labelled:
        return None
    return guide_fit(
        normalise_many([r.text for r in labelled]),
        [[r.category for r in labelled], [r.topic for r in labelled]],
    )


def triage(
    records: Sequence[Record],
    *,
    history: Sequence[Record] = (),
    rules: Sequence[dict] = (),
    threshold: float = 0.6,
    clusters: int | None = None,
    encoder: bool | None = None,
    max_topic_share: float | None = MAX_TOPIC_SHARE,
    progress: ProgressFactory = lambda name, total: _Progress(),
    recorder: StageRecorder | None = None,
) -> TriageResult:
    recorder = recorder or StageRecorder()
    count = len(records)

    with recorder.stage("normalise"):
        bar = progress("normalise", count)
        texts = []
        for start in range(0, count, _BATCH):
            texts += [normalise(record.text) for record in records[start : start + _BATCH]]
            bar.update(min(_BATCH, count - start))
        bar.close()

    with recorder.stage("duplicates"):
        bar = progress("duplicates", count)
        groups = group_duplicates(texts, threshold=threshold)
        bar.update(count)
        bar.close()

    with recorder.stage("extra"):
        extra = copies_extra(records, groups)

    with recorder.stage("clusters"):
        # Campaign copies are clustered once, through their primary, so that a mass campaign
        # does not drag the topic centres towards itself.
        primaries = np.flatnonzero(groups.primary)
        primary_texts = [texts[i] for i in primaries]
        guide = history_guide(history) if count else None
        bar = progress("clusters", len(primaries))
        clustering = cluster_texts(
            primary_texts, clusters=clusters, encoder=encoder,
            originals=[records[i].text for i in primaries],
            weights=np.bincount(groups.group, minlength=len(primaries)) if count else None,
            max_share=max_topic_share, progress=bar.update,
            guidance=None if guide is None else guide.scores(primary_texts),
        )
        bar.close()
        labels = clustering.labels[groups.group] if count else np.empty(0, np.int64)
        sizes = np.bincount(labels, minlength=len(clustering.clusters))
        clustering = Clustering(clustering.labels, [
            type(cluster)(
                number=cluster.number, size=int(sizes[cluster.number]), terms=cluster.terms,
                representatives=[int(primaries[i]) for i in cluster.representatives],
            )
            for cluster in clustering.clusters
        ])
    del texts

    suggestions: list[list[Suggestion]] = [[] for _ in range(count)]
    routed = [record for record in history if record.department]
    if routed:
        with recorder.stage("routing"):
            bar = progress("routing", count)
            # The sender's finer topic, where the history carries one, is context (decision 0554).
            with_topics = any(r.topic for r in routed)
            router = Router(rules=rules).fit(
                [r.text for r in routed], regions=[r.region for r in routed],
                categories=[r.category for r in routed], departments=[r.department for r in routed],
                topics=[r.topic for r in routed] if with_topics else None,
            )
            for start in range(0, count, _BATCH):
                batch = records[start : start + _BATCH]
                suggestions[start : start + len(batch)] = router.suggest(
                    [r.text for r in batch], regions=[r.region for r in batch],
                    categories=[r.category for r in batch],
                    topics=[r.topic for r in batch] if with_topics else None,
                )
                bar.update(len(batch))
            bar.close()
    elif rules:
        with recorder.stage("routing"):
            for position, record in enumerate(records):
                department = rule_department(rules, category=record.category, region=record.region)
                if department is not None:
                    suggestions[position] = [Suggestion(department, 1.0)]
    return TriageResult(groups, labels, clustering, suggestions, recorder.stages, extra)
