"""Following by e-mail as a visitor does it: the form, the confirmation mail and its link, the
daily digest, and the one-click unsubscribe a mail program uses (RFC 8058)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from heard.appeals.models import Appeal
from heard.core import clock
from heard.core.models import OutboxMail
from heard.follows import services
from heard.follows.models import Follow
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _digest_any_hour(settings):
    settings.HEARD_DIGEST_HOUR = 0


@pytest.fixture
def appeal():
    patient = factories.addressee(response_threshold=4, consideration_threshold=100)
    return factories.appeal_in(Appeal.Status.OPEN, to=patient, title="Repair the bridge")


def link_in(message, path: str) -> str:
    match = re.search(rf"https?://[^\s]+{re.escape(path)}[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).split("testserver")[-1].split("8000")[-1]


def to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def follow(client, appeal, email="reader@example.org"):
    return client.post(reverse("follows:follow"), {"email": email, "appeal": str(appeal.pk)})


def test_follow_confirm_digest_once_and_one_click_unsubscribe(client, appeal, move_time):
    mail.outbox.clear()
    response = follow(client, appeal)
    assert response.status_code == 302 and response["Location"] == reverse("follows:sent")

    [confirmation] = to("reader@example.org")
    assert "Repair the bridge" in confirmation.subject
    confirm = link_in(confirmation, "/follow/confirm/")
    assert "Confirm" in client.get(confirm).content.decode()  # a button, not yet confirmed
    assert Follow.objects.get().status == Follow.Status.PENDING
    assert client.post(confirm)["Location"] == reverse("follows:confirmed")
    assert Follow.objects.get().status == Follow.Status.CONFIRMED

    move_time(timedelta(minutes=1))
    factories.sign(appeal)  # the fourth signature reaches the response threshold
    move_time(timedelta(minutes=1))
    mail.outbox.clear()
    assert services.follows_digest_send() == 1
    assert services.follows_digest_send() == 0  # the task ran twice: still one digest
    [digest] = to("reader@example.org")
    assert "Response threshold reached" in digest.body
    assert "Repair the bridge" in digest.body
    unsubscribe = digest.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and unsubscribe.endswith(">")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in digest.message().as_string()

    # The mail program's one-click POST: no cookie, no CSRF token, no form.
    path = unsubscribe.strip("<>").split("8000")[-1]
    one_click = client.__class__(enforce_csrf_checks=True)
    response = one_click.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.exists()
    assert one_click.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200

    move_time(timedelta(days=1))
    factories.sign(appeal)
    mail.outbox.clear()
    services.follows_digest_send()
    assert to("reader@example.org") == []


def test_nothing_changed_means_no_digest(client, appeal, move_time):
    follow(client, appeal)
    [confirmation] = mail.outbox[-1:]
    client.post(link_in(confirmation, "/follow/confirm/"))
    mail.outbox.clear()

    move_time(timedelta(days=1))
    assert services.follows_digest_send() == 0
    assert to("reader@example.org") == []


def test_an_unconfirmed_follow_gets_no_digest_and_is_deleted_after_its_days(
    client, appeal, move_time, settings
):
    follow(client, appeal)
    mail.outbox.clear()
    factories.sign(appeal)
    move_time(timedelta(days=1))

    services.follows_digest_send()
    assert to("reader@example.org") == []

    move_time(timedelta(days=settings.HEARD_FOLLOW_UNCONFIRMED_DAYS))
    assert services.follows_unconfirmed_purge() == 1
    assert not Follow.objects.exists()


def test_the_answer_is_the_same_whether_or_not_the_address_already_follows(client, appeal):
    first = follow(client, appeal)
    client.post(link_in(mail.outbox[-1], "/follow/confirm/"))
    again = follow(client, appeal)
    stranger = follow(client, appeal, email="someone-else@example.org")

    assert first["Location"] == again["Location"] == stranger["Location"]
    assert client.get(first["Location"]).content == client.get(again["Location"]).content
    assert Follow.objects.count() == 2
    assert "already" in to("reader@example.org")[-1].subject


def test_the_email_is_stored_encrypted_and_with_a_digest(client, appeal):
    from django.db import connection

    follow(client, appeal)
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, email_digest FROM follows_follow")
        stored, digest = cursor.fetchone()
    assert "reader@example.org" not in stored and len(digest) == 64
    assert Follow.objects.get().email == "reader@example.org"


def test_the_unsubscribe_page_asks_before_it_acts(client, appeal):
    follow(client, appeal)
    client.post(link_in(mail.outbox[-1], "/follow/confirm/"))
    from heard.follows.mails import unsubscribe_url

    path = unsubscribe_url(Follow.objects.get()).split("8000")[-1]

    page = client.get(path)
    assert page.status_code == 200 and Follow.objects.exists()
    assert 'method="post"' in page.content.decode()
    response = client.post(path, {"List-Unsubscribe": "One-Click", "from_page": "1"})
    assert response["Location"] == reverse("follows:unsubscribed")
    assert not Follow.objects.exists()


def test_a_digest_is_keyed_by_day_in_the_outbox(client, appeal, move_time):
    follow(client, appeal)
    client.post(link_in(mail.outbox[-1], "/follow/confirm/"))
    move_time(timedelta(minutes=1))
    factories.sign(appeal)
    move_time(timedelta(minutes=1))
    services.follows_digest_send()
    today = timezone.localdate(clock.now()).isoformat()
    keys = list(OutboxMail.objects.filter(purpose="follows.digest").values_list("key", flat=True))
    assert keys == [f"follows.digest:{Follow.objects.get().pk}:{today}"]


def test_asking_again_sends_a_fresh_link_and_restarts_its_days(client, appeal, move_time, settings):
    days = settings.HEARD_FOLLOW_UNCONFIRMED_DAYS
    follow(client, appeal)
    move_time(timedelta(days=days - 1))
    mail.outbox.clear()
    follow(client, appeal)
    [again] = to("reader@example.org")
    move_time(timedelta(days=days - 1))

    assert services.follows_unconfirmed_purge() == 0
    assert client.post(link_in(again, "/follow/confirm/"))["Location"] == reverse(
        "follows:confirmed"
    )
