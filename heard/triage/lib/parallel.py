"""Work that splits by group, done in WORKERS processes (the machine has two cores).

Each copy's own text is worked out against its own group's reference only, so the groups can be
shared out: each process takes whole groups, about half of the copies, and the answers are put
back in place. The processes come from a fork server (a process forked before any thread of
ours, such as the stage recorder's memory sampler, could hold a lock); each is sent its share's
texts and groups and touches no database. With WORKERS = 1, or too few copies to pay for a
process, the work is done here. Decision 0552.
"""

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np

from heard.triage.lib import group_reference
from heard.triage.lib.duplicates import Groups

WORKERS = min(2, os.cpu_count() or 1)
MIN_COPIES = 20_000  # below this, starting processes costs more than it saves
MIN_BACKGROUND = 20_000  # addresses below which a background call is made here


def _share_of(texts: list[str], groups: Groups, positions: np.ndarray) -> tuple[list[str], Groups]:
    """The texts at positions and their groups, numbered afresh."""
    _, group = np.unique(groups.group[positions], return_inverse=True)
    # Whole groups, so each template (a member) is among the positions, which are in order.
    local = np.searchsorted(positions, groups.template[positions])
    sub = Groups(group=group.ravel(), primary=groups.primary[positions], template=local)
    return [texts[p] for p in positions.tolist()], sub


def _extra_of(share: tuple[list[str], Groups]) -> list[str]:
    return group_reference.copies_extra(*share)


def _shares(groups: Groups, workers: int) -> list[np.ndarray]:
    """Positions of the copies in groups of two or more, cut into `workers` shares of whole
    groups with about as many copies each (largest groups first, each to the lightest share)."""
    sizes = groups.sizes()
    numbers = np.flatnonzero(sizes > 1)
    load = np.zeros(workers)
    owner = np.empty(len(sizes), dtype=np.int64)
    for number in numbers[np.argsort(-sizes[numbers], kind="stable")].tolist():
        share = int(np.argmin(load))
        owner[number] = share
        load[share] += sizes[number]
    grouped = np.flatnonzero(sizes[groups.group] > 1)
    return [grouped[owner[groups.group[grouped]] == share] for share in range(workers)]


def copies_extra(texts: list[str], groups: Groups, *, workers: int = WORKERS) -> list[str]:
    """group_reference.copies_extra, the groups shared out between processes."""
    sizes = groups.sizes() if len(texts) else np.empty(0, np.int64)
    copies = int((sizes[sizes > 1]).sum()) if len(sizes) else 0
    if workers < 2 or copies < MIN_COPIES:
        return group_reference.copies_extra(texts, groups)
    shares = [share for share in _shares(groups, workers) if len(share)]
    with ProcessPoolExecutor(max_workers=len(shares),
                             mp_context=get_context("forkserver")) as pool:
        answers = list(pool.map(_extra_of, (_share_of(texts, groups, s) for s in shares)))
    extra = [""] * len(texts)
    for share, answer in zip(shares, answers, strict=True):
        for position, text in zip(share.tolist(), answer, strict=True):
            extra[position] = text
    return extra


def _timed(function: Callable, args: tuple) -> tuple[object, float]:
    started = time.process_time()
    value = function(*args)
    return value, time.process_time() - started


class Background:
    """One call done in a second process while this one goes on (a full run's routing beside its
    grouping and topics); `result()` waits for it and gives its value and the CPU seconds it
    took. The call must touch no database; its arguments and value travel pickled. With
    WORKERS = 1, or a call on fewer than MIN_BACKGROUND addresses (`size`), it is made here, when
    its result is asked for."""

    def __init__(self, function: Callable, *args, size: int, workers: int = WORKERS):
        self._call = (function, args)
        self._pool = None
        if workers >= 2 and size >= MIN_BACKGROUND:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("forkserver"))
            self._future = self._pool.submit(_timed, function, args)

    def result(self) -> tuple[object, float]:
        if self._pool is None:
            return _timed(*self._call)
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()

    def abandon(self) -> None:
        """Stop the second process without waiting for it (the run failed on this side)."""
        if self._pool is not None:
            # ProcessPoolExecutor stops a running call only from Python 3.14 (terminate_workers).
            for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                process.terminate()
            self._pool.shutdown(wait=False, cancel_futures=True)
