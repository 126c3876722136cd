import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from heard.addresses import services as address_services
from heard.addresses.models import Address
from heard.addresses.tasks import address_group_notify
from heard.appeals import services as appeal_services
from heard.core.models import AuditEvent, OutboxMail
from heard.core.outbox import outbox_mails_send, retry_delay
from tests import factories
from tests.addresses import factories as make
from tests.smtp import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free loopback port, down until the test brings it up; the outbox
    drains only when the test says so."""
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.HEARD_NUDGE_JOBS = False
    yield server
    server.down()


def address_mails_of_every_kind() -> list[str]:
    """E-mail confirmation, registration, extension, forwarding, answer, merge and an initiator's
    links, made through the services as staff and applicants make them. Returns the
    recipients."""
    unconfirmed, _code = make.address(confirm_email=True)
    registered, _code = make.address()
    extended, responder = make.assigned_address()
    address_services.address_extend(address=extended, actor=responder, days=5, reason="Archive")
    forwarded, responder = make.assigned_address()
    address_services.address_forward(address=forwarded, actor=responder, to_body="Prosecutor")
    answered, responder = make.assigned_address()
    address_services.address_answer(
        address=answered, actor=responder, text="He will be home.", office="Administration"
    )
    merged, _code = make.address(to=answered.addressee)
    primary, _code = make.address(to=answered.addressee)
    address_services.address_merge(address=merged, primary=primary, actor=responder)
    appeal = factories.draft_appeal()
    appeal_services.appeal_validate(appeal=appeal)
    creator = factories.creator_signature(appeal)
    return [
        item.email
        for item in (unconfirmed, registered, extended, forwarded, answered, merged, primary)
        if item.email
    ] + [creator.email]


def test_mail_queued_while_the_mail_server_is_down_arrives_exactly_once_when_it_is_up(
    smtp, move_time
):
    recipients = address_mails_of_every_kind()
    queued = OutboxMail.objects.count()
    assert OutboxMail.objects.filter(purpose="addresses.confirm").count() == 1
    assert queued >= 10  # two mails to some (registered, then extended / forwarded / answered)

    assert outbox_mails_send() == 0  # the server is down: nothing is lost, all wait
    assert smtp.received == []
    assert set(OutboxMail.objects.values_list("status", "attempts")) == {("pending", 1)}

    smtp.up()
    assert outbox_mails_send() == 0  # not before the retry is due
    move_time(retry_delay(1))
    assert outbox_mails_send() == queued
    move_time(timedelta(days=2))
    assert outbox_mails_send() == 0

    arrived = [(message.to[0], message.subject) for message in smtp.received]
    assert len(arrived) == queued and len(set(arrived)) == queued  # every mail, each once
    assert {to for to, _subject in arrived} == set(recipients)
    assert set(OutboxMail.objects.values_list("status", "body")) == {("sent", "")}


def test_the_registration_mail_carries_the_tracking_code_only_until_it_is_sent(smtp):
    address, code = make.address()
    queued = OutboxMail.objects.get(purpose="addresses.registered")
    assert code in queued.body and queued.to == address.email

    smtp.up()
    outbox_mails_send()

    assert code in smtp.received[0].body and address.number in smtp.received[0].subject
    queued.refresh_from_db()
    assert queued.status == OutboxMail.Status.SENT and code not in queued.body


def test_a_state_change_rolled_back_queues_no_mail():
    address, responder = make.assigned_address()
    before = OutboxMail.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        address_services.address_extend(address=address, actor=responder, days=5, reason="Why")
        raise RuntimeError("the request failed after the change")
    assert OutboxMail.objects.count() == before


def test_retries_wait_twice_as_long_each_time_up_to_a_cap(settings):
    settings.HEARD_OUTBOX_RETRY_SECONDS = 60
    settings.HEARD_OUTBOX_RETRY_MAX_SECONDS = 600
    waits = [retry_delay(attempt).total_seconds() for attempt in range(1, 7)]
    assert waits == [60, 120, 240, 480, 600, 600]


def test_a_mail_the_server_never_takes_is_failed_and_listed_for_staff_who_send_it_again(
    smtp, settings, move_time, client
):
    settings.HEARD_OUTBOX_MAX_ATTEMPTS = 3
    address, _code = make.address()
    for _attempt in range(3):
        outbox_mails_send()
        move_time(timedelta(days=1))
    mail = OutboxMail.objects.get()
    assert (mail.status, mail.attempts) == (OutboxMail.Status.FAILED, 3)
    assert "ConnectionRefusedError" in mail.last_error
    assert AuditEvent.objects.filter(verb="mail_failed", subject_id=mail.pk).exists()

    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests")
    )
    listing = client.get("/admin/core/outboxmail/", {"status__exact": "failed"})
    assert address.email in listing.content.decode()

    smtp.up()
    client.post(
        "/admin/core/outboxmail/",
        {"action": "retry", "_selected_action": [mail.pk], "index": 0},
    )
    outbox_mails_send()
    assert [message.to for message in smtp.received] == [[address.email]]
    assert OutboxMail.objects.get().status == OutboxMail.Status.SENT
    assert AuditEvent.objects.filter(verb="mail_retried", subject_id=mail.pk).exists()


def test_a_mail_left_sending_by_a_stopped_drain_is_sent_after_its_lease(smtp, settings, move_time):
    make.address()
    OutboxMail.objects.update(
        status=OutboxMail.Status.SENDING, claim="gone", claimed_at=move_time()
    )
    smtp.up()
    assert outbox_mails_send() == 0  # another drain may still be sending it
    move_time(timedelta(seconds=settings.HEARD_OUTBOX_LEASE_SECONDS + 1))
    assert outbox_mails_send() == 1
    assert len(smtp.received) == 1


def test_a_group_notice_run_twice_queues_each_applicant_once(smtp):
    primary, responder = make.assigned_address()
    copies = [make.address(to=primary.addressee)[0] for _ in range(3)]
    address_services.address_merge_bulk(
        primary=primary, address_ids=[item.pk for item in copies], actor=responder
    )
    merged_at = Address.objects.get(pk=copies[0].pk).merged_at
    address_group_notify.call(
        primary_id=primary.pk, event="merged", since=merged_at.isoformat(), after_id=0
    )
    assert OutboxMail.objects.filter(purpose="addresses.merged").count() == 3
    smtp.up()
    outbox_mails_send()
    arrived = [message.to[0] for message in smtp.received]
    assert sorted(arrived) == sorted(2 * [item.email for item in copies] + [primary.email])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_drains_at_once_never_send_one_mail_twice(regions, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database cannot take concurrent writers")
    from django.core import mail

    settings.HEARD_NUDGE_JOBS = False
    for _ in range(60):
        make.address()
    errors = []

    def drain():
        from django.db import connection

        try:
            while outbox_mails_send(budget_seconds=0):
                pass
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == 60 == len(set(recipients))


def test_a_response_notice_run_twice_reaches_each_signer_who_asked_once(request):
    from datetime import date

    from heard.appeals.tasks import appeal_response_notify

    appeal = factories.appeal_in("open", to=factories.addressee(response_threshold=3))
    asked = [factories.sign(appeal, notify=True).email for _ in range(3)]
    appeal.refresh_from_db()
    assert appeal.response_threshold_reached_at  # counted while the jobs still ran at once
    smtp = request.getfixturevalue("smtp")
    appeal_services.appeal_respond(
        appeal=appeal,
        responder=factories.responder(appeal.addressee),
        text="We have read it.",
        responded_on=date.today(),
        office="Ministry",
    )
    appeal_response_notify.call(appeal_id=appeal.pk, after_id=0)  # a repeat of the first chunk
    smtp.up()
    outbox_mails_send()
    notices = [m.to[0] for m in smtp.received if "We have read it." in m.body]
    assert sorted(notices) == sorted(
        asked + [factories.creator_signature(appeal).email]  # the initiator asked too
    )


def test_extra_headers_travel_with_the_mail_and_are_erased_once_sent(settings):
    from django.core import mail

    from heard.core.outbox import outbox_mail_queue

    settings.HEARD_NUDGE_JOBS = False
    appeal = factories.draft_appeal()
    headers = {"List-Unsubscribe": "<https://example.org/u/1/>"}
    with transaction.atomic():
        outbox_mail_queue(
            to="reader@example.org",
            template="appeals/email/milestone_closed",
            context={"appeal": appeal, "link": "https://example.org/"},
            language="en",
            purpose="test.headers",
            headers=headers,
        )
    mail.outbox.clear()

    outbox_mails_send()

    [message] = mail.outbox
    assert message.extra_headers == headers
    assert "List-Unsubscribe: <https://example.org/u/1/>" in message.message().as_string()
    queued = OutboxMail.objects.get(purpose="test.headers")
    assert queued.status == OutboxMail.Status.SENT and queued.headers == {}
