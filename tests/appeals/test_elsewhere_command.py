"""`heard telegram_import`: a Telegram channel's export becomes an appeal made elsewhere."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from heard.appeals.models import Appeal, ElsewhereMedia, ElsewhereProvenance
from heard.core.audit import audit_events_for
from tests import factories
from tests import telegram_export as tg

pytestmark = pytest.mark.django_db


def run(path, *args) -> str:
    out = StringIO()
    call_command("telegram_import", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def addressee():
    return factories.addressee(slug="president", name="The President")


def test_a_manifesto_post_becomes_an_appeal_awaiting_moderation_with_its_provenance(
    tmp_path, addressee
):
    path = tg.write(tg.channel_export(), tmp_path)

    output = run(path, "--addressee", "president", "--post", "2", "--username", "@put_domoy")

    appeal = Appeal.objects.get()
    assert f"Registered appeal {appeal.pk}" in output
    assert appeal.status == Appeal.Status.AWAITING_MODERATION
    assert appeal.addressee == addressee
    assert appeal.title == "We, the wives and mothers of the mobilised, ask the President:"
    assert appeal.demands == ["Bring the mobilised home", "Limit service to one year"]
    assert "[manifesto](https://example.org/manifesto)" in appeal.text
    assert appeal.group_name == "Put Domoy"
    assert appeal.telegram_url == "https://t.me/put_domoy/2"
    provenance = appeal.provenance
    assert provenance.channel_name == "Put Domoy"
    assert provenance.channel_id == 1234567890
    assert provenance.post_ids == [2]
    assert provenance.published_at.isoformat() == "2023-12-07T10:00:00+00:00"
    assert provenance.edited_at.isoformat() == "2023-12-07T12:00:00+00:00"
    verbs = list(audit_events_for(subject=appeal).values_list("verb", flat=True))
    assert verbs == ["created", "registered_elsewhere", "sent_to_moderation"]


def test_a_video_post_brings_the_rest_of_its_album_and_keeps_its_media_as_references(
    tmp_path, addressee
):
    path = tg.write(tg.channel_export(), tmp_path)

    run(path, "--addressee", "president", "--post", "3", "--username", "put_domoy")

    provenance = ElsewhereProvenance.objects.get()
    assert provenance.post_ids == [3, 4]
    media = [
        (m.post_id, m.media_type, m.file_name, m.mime_type, m.duration_seconds, m.link)
        for m in ElsewhereMedia.objects.all()
    ]
    assert media == [
        (3, "video_file", "address.mp4", "video/mp4", 94, "https://t.me/put_domoy/3"),
        (
            4,
            "photo",
            "photo_1@07-12-2023_11-00-00.jpg",
            "image/jpeg",
            None,
            "https://t.me/put_domoy/4",
        ),
    ]
    assert provenance.appeal.demands == ["Demobilise the reservists"]


def test_several_posts_make_one_appeal_and_a_channel_without_username_has_no_public_link(
    tmp_path, addressee
):
    path = tg.write(tg.channel_export(), tmp_path)

    run(path, "--addressee", "president", "--post", "5", "--post", "2", "--demand", "Answer us")

    appeal = Appeal.objects.get()
    assert appeal.provenance.post_ids == [2, 5]
    assert appeal.text.endswith("Shared from the widows' group")
    assert appeal.demands == ["Answer us"]
    assert appeal.telegram_url == "" and appeal.provenance.link == ""


def test_without_posts_the_command_lists_the_posts_and_stores_nothing(tmp_path, addressee):
    path = tg.write(tg.channel_export(), tmp_path)

    output = run(path, "--addressee", "president")

    assert "2  2023-12-07" in output and "[video_file]" in output
    assert "pin_message" not in output
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("content", "place"),
    [
        ("{not json", "line 1, column 2"),
        ('{"chats": {"list": []}}', "chats:"),
        ({"name": "x", "type": "public_channel", "id": 1}, "messages:"),
        (tg.export({**tg.message(2), "date": "0001-01-01T00:00:00"}), "messages[0].date"),
        (tg.export(tg.message(2, "bad \u0000 text")), "messages[0].text"),
        (tg.export(tg.message(3, "other")), "there is no message with id 2"),
        (tg.export(tg.service(2)), "messages[0]: message 2 is a service message"),
        (tg.export(tg.message(2, [{"type": "bold"}])), "messages[0].text_entities[0].text"),
    ],
)
def test_bad_exports_get_an_error_naming_the_place_and_store_nothing(
    tmp_path, addressee, content, place
):
    path = tg.write(content, tmp_path)

    with pytest.raises(CommandError) as raised:
        run(path, "--addressee", "president", "--post", "2")

    assert place in str(raised.value)
    assert not Appeal.objects.exists() and not ElsewhereProvenance.objects.exists()


def test_an_unknown_addressee_is_named(tmp_path):
    path = tg.write(tg.channel_export(), tmp_path)

    with pytest.raises(CommandError, match="--addressee: no addressee 'nobody'"):
        run(path, "--addressee", "nobody", "--post", "2")
