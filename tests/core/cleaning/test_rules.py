from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from heard.core.cleaning.rules import (
    datetime_storable,
    id_from,
    json_too_deep,
    json_unstorable,
    text_unstorable,
)


@pytest.mark.parametrize("text", ["a\x00b", "\x01", "tab\x1bescape", "\x0b", "\ud800"])
def test_null_control_characters_and_lone_surrogates_are_unstorable(text):
    assert text_unstorable(text)


@pytest.mark.parametrize("text", ["", "plain", "line\nbreak\ttab\r", "ёжик", "emoji 👍🏻"])
def test_what_people_type_is_storable(text):
    assert not text_unstorable(text)


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "a\x00"}',
        rb'{"name": "a\u0000"}',
        rb'{"name": "\u001b[31m"}',
        rb'{"name": "\ud83d"}',
        rb'{"name": "\ude00"}',
        rb'{"name": "\ud83d\\\ude00"}',
    ],
)
def test_json_bodies_with_unstorable_characters_raw_or_escaped_are_found(body):
    assert json_unstorable(body)


@pytest.mark.parametrize(
    "body",
    [
        rb'{"name": "a\\u0000 is how you write it"}',
        rb'{"name": "\ud83d\ude00", "text": "line\nbreak \u00e9"}',
        b'{"name": "plain"}',
    ],
)
def test_json_bodies_people_send_pass(body):
    assert not json_unstorable(body)


def test_json_nesting_is_measured_outside_strings():
    assert json_too_deep(b"[" * 21 + b"]" * 21, limit=20)
    assert not json_too_deep(b"[" * 20 + b"]" * 20, limit=20)
    assert not json_too_deep(b'{"text": "' + b"[" * 500 + b'"}', limit=20)
    assert not json_too_deep(b'{"a": "\\"[[[[[[[[[[[[[[[[[[[[[[[[["}', limit=20)


def test_datetimes_that_overflow_in_utc_or_the_site_zone_are_refused():
    moscow = ZoneInfo("Europe/Moscow")
    early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
    late = datetime(9999, 12, 31, 23, tzinfo=UTC)

    assert not datetime_storable(early, zone=moscow)
    assert not datetime_storable(late, zone=moscow)
    assert datetime_storable(datetime(2026, 12, 4, tzinfo=UTC), zone=moscow)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("0", None), ("", None), ("²", None), ("-3", None), ("9" * 19, None)],
)
def test_ids_from_text_are_positive_and_fit_a_bigint(text, expected):
    assert id_from(text) == expected
