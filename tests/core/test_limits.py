"""Limits on public writes: fixed windows per IP hash, e-mail digest and addressee, set in
settings and overridable from the environment."""

import os
import subprocess
import sys

import pytest

from heard.core import limits
from heard.core.models import LimitCount

pytestmark = pytest.mark.django_db

START = 1_800_000_000  # a multiple of 60 and of 3600


@pytest.fixture
def at(monkeypatch):
    """Set the limits' wall clock to START + offset seconds."""

    def move(offset: int) -> None:
        monkeypatch.setattr(limits, "_seconds", lambda: START + offset)

    move(0)
    return move


@pytest.fixture
def two_windows(settings):
    settings.HEARD_LIMITS = {"demo": {"ip": [(2, 60), (5, 3600)], "email": [(1, 86400)]}}


def test_a_burst_over_the_limit_is_refused_until_its_window_ends(at, two_windows):
    verdicts = [limits.limits_check(action="demo", ip_hash="a") for _ in range(3)]
    assert [v.exceeded for v in verdicts] == [False, False, True]
    assert verdicts[-1].kind == "ip" and verdicts[-1].retry_after == 60

    at(61)
    assert not limits.limits_check(action="demo", ip_hash="a").exceeded


def test_the_sustained_window_catches_a_slow_flood(at, two_windows):
    for minute in range(5):
        at(minute * 60)
        assert not limits.limits_check(action="demo", ip_hash="a").exceeded
    at(5 * 60 + 5)
    verdict = limits.limits_check(action="demo", ip_hash="a")
    assert verdict.exceeded and verdict.retry_after == 3600 - 305


def test_each_ip_hash_and_each_action_count_apart(at, two_windows, settings):
    settings.HEARD_LIMITS |= {"other": {"ip": [(1, 60)]}}
    limits.limits_check(action="demo", ip_hash="a")
    limits.limits_check(action="demo", ip_hash="a")
    assert not limits.limits_check(action="demo", ip_hash="b").exceeded
    assert not limits.limits_check(action="other", ip_hash="a").exceeded


def test_the_email_counter_is_shared_by_every_action_that_mails(at, settings):
    settings.HEARD_LIMITS = {
        "address": {"email": [(2, 86400)]},
        "appeal": {"email": [(2, 86400)]},
    }
    assert not limits.limits_check(action="address", email_digest="victim").exceeded
    assert not limits.limits_check(action="appeal", email_digest="victim").exceeded
    assert limits.limits_check(action="address", email_digest="victim").exceeded


def test_an_unknown_action_or_missing_values_are_not_limited(at, two_windows):
    assert limits.limits_check(action="nothing", ip_hash="a") == limits.ALLOWED
    assert limits.limits_check(action="demo") == limits.ALLOWED
    assert not LimitCount.objects.exists()


def test_counters_keep_no_value_a_person_gave(at, two_windows):
    limits.limits_check(action="demo", ip_hash="203.0.113.9", email_digest="someone@example.org")
    keys = " ".join(LimitCount.objects.values_list("key", flat=True))
    assert "203.0.113.9" not in keys and "someone" not in keys


def test_purge_deletes_only_ended_windows(at, two_windows):
    limits.limits_check(action="demo", ip_hash="a", email_digest="e")
    at(2 * 86400)
    limits.limits_check(action="demo", ip_hash="a")
    assert limits.limit_counts_purge() == 3
    assert LimitCount.objects.count() == 2


def test_limits_are_set_from_the_environment():
    code = (
        "from django.conf import settings;"
        "print(settings.HEARD_LIMITS['address']['ip'], settings.HEARD_LIMITS['track'].get('ip'))"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "heard.config.settings.base",
        "HEARD_LIMITS_ADDRESS_IP": "7/60, 70/3600",
        "HEARD_LIMITS_TRACK_IP": "",
    }
    printed = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed.strip() == "[(7, 60), (70, 3600)] []"
