import pytest
from django.core import mail

from heard.appeals.models import Appeal
from heard.signatures import outbox
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_chunk_of_links_is_mailed_over_one_connection(settings, monkeypatch):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    settings.HEARD_NUDGE_JOBS = False  # signatures wait for the outbox, as in production
    for _ in range(5):
        factories.sign(appeal, confirm=False)
    mail.outbox.clear()
    opened = []
    real_get_connection = outbox.get_connection

    def counting_get_connection(*args, **kwargs):
        opened.append(1)
        return real_get_connection(*args, **kwargs)

    monkeypatch.setattr(outbox, "get_connection", counting_get_connection)

    sent = outbox.signature_links_send()
    again = outbox.signature_links_send()

    assert (sent, again) == (5, 0)
    assert len(mail.outbox) == 5
    assert len(opened) == 1  # and none at all when nothing is due


def test_a_server_failing_at_quit_does_not_mail_the_chunk_again(settings, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    appeal = factories.appeal_in(Appeal.Status.OPEN)
    settings.HEARD_NUDGE_JOBS = False
    for _ in range(3):
        factories.sign(appeal, confirm=False)
    mail.outbox.clear()

    def quit_fails(self):
        raise OSError("421 closing connection")

    monkeypatch.setattr(EmailBackend, "close", quit_fails, raising=False)

    first = outbox.signature_links_send()
    second = outbox.signature_links_send()

    assert (first, second) == (3, 0)
    assert len(mail.outbox) == 3
