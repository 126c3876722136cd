from hypothesis import given
from hypothesis import strategies as st

from heard.core.rates import rate, wilson_interval


def test_wilson_interval_matches_the_textbook_values():
    # 81 of 263: 0.2553 to 0.3662 (Wilson 1927, as tabulated by Newcombe 1998, example).
    low, high = wilson_interval(81, 263)
    assert round(low, 4) == 0.2553 and round(high, 4) == 0.3662


def test_all_or_nothing_still_has_an_interval_inside_zero_and_one():
    low, high = wilson_interval(10, 10)
    assert 0.69 < low < 0.73 and high == 1.0
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and 0.27 < high < 0.31


def test_below_the_minimum_count_no_share_is_shown():
    assert rate(3, 4, minimum=20).shown is False
    assert rate(3, 4, minimum=20).share is None
    shown = rate(15, 20, minimum=20)
    assert shown.shown and shown.share == 0.75 and shown.low < 0.75 < shown.high


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_the_interval_always_holds_the_share(successes, total):
    successes = min(successes, total)
    low, high = wilson_interval(successes, total)
    assert 0.0 <= low <= successes / total <= high <= 1.0
