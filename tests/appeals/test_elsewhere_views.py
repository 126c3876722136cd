"""The staff pages that register an appeal made on Telegram, and the appeal's page after."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from heard.appeals import services
from heard.appeals.elsewhere_tasks import elsewhere_imports_purge
from heard.appeals.models import Appeal, ElsewhereImport
from heard.core.audit import audit_events_for
from heard.core.periodic import periodic_tasks
from tests import factories
from tests import telegram_export as tg

pytestmark = pytest.mark.django_db


def upload_file(data) -> SimpleUploadedFile:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile("result.json", content, content_type="application/json")


@pytest.fixture
def moderator_client(client):
    client.force_login(factories.moderator())
    return client


@pytest.fixture
def addressee():
    return factories.addressee(slug="president", name="The President")


def upload(client, data=None, username="put_domoy"):
    data = tg.channel_export() if data is None else data
    return client.post(
        reverse("appeals:elsewhere_upload"), {"export": upload_file(data), "username": username}
    )


def test_a_moderator_uploads_picks_previews_and_registers_an_appeal(moderator_client, addressee):
    uploaded = upload(moderator_client)
    staged = ElsewhereImport.objects.get()
    assert uploaded.status_code == 302
    assert uploaded["Location"] == reverse("appeals:elsewhere_posts", args=[staged.token])

    listing = moderator_client.get(uploaded["Location"]).content.decode()
    assert 'name="post" value="2"' in listing and 'name="post" value="5"' in listing
    assert 'value="1"' not in listing  # the pinned-message notice is no post
    assert "forwarded from Widows of SVO" in listing

    url = reverse("appeals:elsewhere_preview", args=[staged.token])
    preview = moderator_client.get(url, {"post": ["2", "3"]})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "https://t.me/put_domoy/2" in page and "address.mp4" in page
    assert "Bring the mobilised home" in page

    registered = moderator_client.post(
        url,
        {
            "post": ["2", "3", "4"],
            "addressee": "president",
            "title": "Bring them home",
            "demands": "Bring the mobilised home\nLimit service to one year",
            "group_name": "Put Domoy council",
        },
    )
    assert registered.status_code == 302 and registered["Location"].endswith("/moderation/")
    appeal = Appeal.objects.get()
    assert (appeal.title, appeal.group_name, appeal.status) == (
        "Bring them home",
        "Put Domoy council",
        Appeal.Status.AWAITING_MODERATION,
    )
    assert appeal.provenance.post_ids == [2, 3, 4]
    assert appeal.provenance.media.count() == 2
    assert not ElsewhereImport.objects.exists()
    event = audit_events_for(subject=appeal).get(verb="registered_elsewhere")
    assert event.actor is not None and event.actor_role == "staff"
    queue = moderator_client.get(registered["Location"]).content.decode()
    assert "Registered “Bring them home”" in queue
    assert "Published on Telegram on 7 December 2023" in queue


def test_an_export_that_is_not_json_is_refused_with_the_place_and_nothing_is_kept(
    moderator_client,
):
    response = upload(moderator_client, b'{"name": "x",\n "messages": [}')

    assert response.status_code == 400
    assert "line 2, column" in response.content.decode()
    assert not ElsewhereImport.objects.exists()


def test_a_nul_in_the_uploaded_posts_is_named(moderator_client):
    response = upload(moderator_client, tg.export(tg.message(1), tg.message(2, "a\u0000b")))

    assert response.status_code == 400
    assert "messages[1].text" in response.content.decode()


def test_a_post_that_is_not_in_the_export_is_named_and_nothing_is_registered(
    moderator_client, addressee
):
    upload(moderator_client)
    url = reverse("appeals:elsewhere_preview", args=[ElsewhereImport.objects.get().token])

    missing = moderator_client.get(url, {"post": "99"})
    registering = moderator_client.post(
        url,
        {"post": "99", "addressee": "president", "title": "t", "demands": "d", "group_name": "g"},
    )
    not_a_number = moderator_client.get(url, {"post": "1e3"})

    assert (
        missing.status_code == 400 and "there is no message with id 99" in missing.content.decode()
    )
    assert registering.status_code == 400
    assert (
        not_a_number.status_code == 400
        and "post: not a message id" in not_a_number.content.decode()
    )
    assert not Appeal.objects.exists()


def test_an_export_larger_than_the_limit_is_refused_unread(moderator_client, settings):
    settings.HEARD_ELSEWHERE_EXPORT_MAX_BYTES = 1024

    response = upload(
        moderator_client, tg.export(*(tg.message(n, "x" * 100) for n in range(1, 20)))
    )

    assert response.status_code == 400 and "larger than 1.0" in response.content.decode()
    assert not ElsewhereImport.objects.exists()


def test_a_username_that_telegram_would_not_allow_is_refused(moderator_client):
    response = upload(moderator_client, username="no spaces please")

    assert response.status_code == 400 and "username:" in response.content.decode()
    assert not ElsewhereImport.objects.exists()


def test_the_appeal_page_shows_both_dates_and_counts_the_silence_from_the_registration(
    client, moderator_client, addressee, move_time, caches_off
):
    upload(moderator_client)
    url = reverse("appeals:elsewhere_preview", args=[ElsewhereImport.objects.get().token])
    moderator_client.post(
        url,
        {
            "post": "2",
            "addressee": "president",
            "title": "Bring them home",
            "demands": "Bring the mobilised home",
            "group_name": "Put Domoy",
        },
    )
    appeal = services.appeal_publish(appeal=Appeal.objects.get(), moderator=factories.moderator())
    move_time(timedelta(days=12))

    page = client.get(appeal.get_absolute_url()).content.decode()

    assert "Published on Telegram on 7 December 2023" in page
    assert "no response for 12 days" in page
    assert "Registered on heard on" in page
    assert 'href="https://t.me/put_domoy/2"' in page
    assert "Sign this appeal" in page


def test_an_upload_nobody_registers_is_deleted_after_a_day(moderator_client, move_time):
    upload(moderator_client)
    staged = ElsewhereImport.objects.get()
    move_time(timedelta(hours=23))
    assert elsewhere_imports_purge.call() == 0
    move_time(timedelta(hours=2))

    assert elsewhere_imports_purge.call() == 1
    assert not ElsewhereImport.objects.filter(pk=staged.pk).exists()
    assert elsewhere_imports_purge in [job for job, _interval in periodic_tasks()]
