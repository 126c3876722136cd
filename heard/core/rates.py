"""Rates that are honest about how much they know: a share with its count and its 95% Wilson
score interval, and no share at all below a minimum count (league tables of tiny counts were
called misleading, WriteToThem #274). Pure functions."""

import math
from typing import NamedTuple

Z_95 = 1.959963984540054


class Rate(NamedTuple):
    successes: int
    total: int
    shown: bool  # False below the minimum count: the counts are shown, the share is not
    share: float | None  # 0..1
    low: float | None
    high: float | None


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a binomial share: sensible at 0, at 1 and for small totals,
    where the normal approximation gives intervals outside 0..1."""
    if total <= 0:
        return 0.0, 1.0
    share = successes / total
    denominator = 1 + z * z / total
    centre = (share + z * z / (2 * total)) / denominator
    margin = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / denominator
    low, high = max(0.0, centre - margin), min(1.0, centre + margin)
    # At 0 and at 1 the bound is exactly the share; floating point can miss it by an ulp.
    if successes == 0:
        low = 0.0
    if successes == total:
        high = 1.0
    return low, high


def rate(successes: int, total: int, *, minimum: int) -> Rate:
    if total < max(minimum, 1):
        return Rate(successes, total, False, None, None, None)
    low, high = wilson_interval(successes, total)
    return Rate(successes, total, True, successes / total, low, high)
