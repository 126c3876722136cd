"""Reading Telegram Desktop exports: the variants real exports have, and the one kind of error
any malformed export gets (a property test)."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.appeals.elsewhere import elsewhere_draft
from heard.appeals.elsewhere_telegram import (
    ExportError,
    channel_dump,
    channel_load,
    export_read,
    username_check,
)
from heard.core.text import markdown_to_safe_html
from tests import telegram_export as tg

NOW = datetime(2026, 12, 7, tzinfo=UTC)
MOSCOW = timezone(timedelta(hours=3))


def read(data):
    return export_read(json.dumps(data), zone=UTC, now=NOW)


def test_text_as_a_plain_string_and_as_a_list_of_entities_read_alike():
    channel = read(
        tg.export(
            tg.message(1, "Plain"), tg.message(2, ["Plain ", {"type": "bold", "text": "bold"}])
        )
    )

    assert [post.text for post in channel.posts] == ["Plain", "Plain bold"]


def test_text_entities_are_preferred_and_text_links_keep_their_address():
    post = read(tg.export(tg.message(2, tg.MANIFESTO))).posts[0]

    assert "[manifesto](https://example.org/manifesto)" in post.text
    assert post.edited_at is None


def test_line_breaks_stay_line_breaks_and_a_hashtag_is_no_heading():
    hashtag = {"type": "hashtag", "text": "#home"}
    post = read(tg.export(tg.message(2, [hashtag, "\n1. One\n2. Two\n\nAfter"]))).posts[0]

    assert post.text == "\\#home  \n1. One  \n2. Two\n\nAfter"
    assert markdown_to_safe_html(post.text).count("<br") == 2
    assert "<h1>" not in markdown_to_safe_html(post.text)


def test_a_link_to_anything_but_the_web_stays_plain_text():
    entity = {"type": "text_link", "text": "tap", "href": "javascript:alert(1)"}

    assert read(tg.export(tg.message(2, [entity]))).posts[0].text == "tap"


def test_an_old_export_without_unix_times_reads_the_local_date_in_the_given_zone():
    message = {key: value for key, value in tg.message(2).items() if key != "date_unixtime"}
    local = datetime(2023, 12, 7, 10, 0, tzinfo=MOSCOW)

    post = export_read(json.dumps(tg.export(message)), zone=MOSCOW, now=NOW).posts[0]

    assert post.published_at == local


def test_service_messages_edits_forwards_and_media_not_included_are_read():
    channel = read(
        tg.export(
            tg.service(1),
            tg.message(2, "x", edited="2023-12-08T10:00:00", edited_unixtime="1702029600"),
            tg.message(3, "y", forwarded_from="Widows"),
            tg.message(
                4,
                "",
                file="(File not included. Change data exporting settings to download.)",
                media_type="video_file",
                mime_type="video/mp4",
            ),
        )
    )

    service, edited, forwarded, video = channel.posts
    assert not service.is_post and service.service == "pin_message"
    assert edited.edited_at == datetime(2023, 12, 8, 10, 0, tzinfo=UTC)
    assert forwarded.forwarded_from == "Widows"
    assert video.media[0].media_type == "video_file" and not video.media[0].included


def test_a_staged_channel_reads_back_the_same():
    channel = read(tg.channel_export())

    assert channel_load(json.loads(json.dumps(channel_dump(channel)))) == channel


@pytest.mark.parametrize(
    ("value", "expected"),
    [("@put_domoy", "put_domoy"), ("https://t.me/put_domoy", "put_domoy"), ("", "")],
)
def test_usernames_are_read_as_telegram_writes_them(value, expected):
    assert username_check(value) == expected


@pytest.mark.parametrize(
    ("data", "place"),
    [
        ([], ""),
        ({"name": "x", "type": "spaceship", "id": 1, "messages": []}, "type"),
        ({"name": "x", "type": "public_channel", "id": "1", "messages": []}, "id"),
        (tg.export(tg.message(1), tg.message(1)), "messages[1].id"),
        (tg.export({**tg.message(1), "date_unixtime": "soon"}), "messages[0].date_unixtime"),
        (tg.export({**tg.message(1), "date_unixtime": "99999999999"}), "messages[0].date_unixtime"),
        (tg.export(tg.message(1, {"not": "text"})), "messages[0].text"),
        (tg.export(tg.message(1, photo=3)), "messages[0].photo"),
        (tg.export(tg.message(1, file="f", duration_seconds=-1)), "messages[0].duration_seconds"),
    ],
)
def test_each_malformed_part_is_named(data, place):
    with pytest.raises(ExportError) as raised:
        read(data)

    assert raised.value.place == place


def test_an_export_nested_too_deeply_is_refused_before_it_is_parsed():
    with pytest.raises(ExportError, match="deeper than 64"):
        export_read("[" * 5000 + "]" * 5000, zone=UTC, now=NOW)


# --- Property: a malformed export never raises anything but ExportError ---

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    "id",
    "type",
    "date",
    "date_unixtime",
    "text",
    "text_entities",
    "from",
    "edited",
    "edited_unixtime",
    "forwarded_from",
    "photo",
    "file",
    "file_name",
    "media_type",
    "mime_type",
    "duration_seconds",
]
odd_values = json_values | st.sampled_from(
    [
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "2023-12-07T10:00:00+14:00",
        "a\u0000b",
        "\ud800",
        "-62135596800",
        "1" * 30,
        [{"type": "text_link", "text": "x", "href": 5}],
    ]
)
PROPERTY = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def _reads_or_names_the_place(raw, post_ids):
    try:
        channel = export_read(raw, zone=MOSCOW, now=NOW)
        elsewhere_draft(channel=channel, post_ids=post_ids, username="put_domoy")
    except ExportError as error:
        assert str(error)


@PROPERTY
@given(raw=st.binary(max_size=200) | st.text(max_size=200))
def test_random_bytes_get_only_the_clear_error(raw):
    _reads_or_names_the_place(raw, [1])


@PROPERTY
@given(
    message=st.integers(0, 4),
    key=st.sampled_from(FIELDS),
    value=odd_values,
    top=st.sampled_from(["name", "type", "id", "messages", None]),
    top_value=json_values,
    post_ids=st.lists(st.integers(-2, 8), max_size=3),
)
def test_an_export_with_one_field_spoilt_gets_only_the_clear_error(
    message, key, value, top, top_value, post_ids
):
    data = tg.channel_export()
    data["messages"][message][key] = value
    if top is not None:
        data[top] = top_value
    _reads_or_names_the_place(json.dumps(data), post_ids)
