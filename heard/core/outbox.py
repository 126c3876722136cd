"""The e-mail outbox: a service queues a rendered mail in its own transaction, so the mail exists
exactly when the change it tells of does; the drain job sends it, retries with exponential
backoff while the mail server is away, and after HEARD_OUTBOX_MAX_ATTEMPTS marks it "failed",
listed for staff in the admin (who can send it again).

Exactly once, as far as SMTP allows: a drain run claims a chunk of due rows in a short
transaction (status "sending" and a claim of its own; rows another run is claiming are skipped,
and the claim only takes rows still "pending"), sends them outside any transaction and marks each
one sent as soon as the server accepts it. Two runs never send one row. Only a crash between the
server's acceptance and that mark leaves a row "sending"; after HEARD_OUTBOX_LEASE_SECONDS a
later run takes it back and sends it again: once more rather than never.

(The signature links have an outbox of their own, heard.signatures.outbox: a counter on the
signature row, mailed by a hot batch job, with nothing rendered in advance.)
"""

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import TransitionNotAllowed
from heard.core.mail import email_render
from heard.core.models import OutboxMail

logger = logging.getLogger(__name__)

CHUNK = 50


def outbox_mail_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    purpose: str,
    about: models.Model | None = None,
    key: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutboxMail | None:
    """Render the mail now and queue it; it leaves once the caller's transaction commits.

    A `key` makes the call idempotent: a second call with the same key queues nothing (for jobs
    that may run twice, such as fan-outs to many recipients). Returns the queued mail, or None
    when there is no recipient or the key was already queued."""
    if not to:
        return None
    if key is not None and OutboxMail.objects.filter(key=key).exists():
        return None
    subject, body = email_render(template=template, context=context, language=language)
    now = clock.now()
    mail = OutboxMail(
        purpose=purpose,
        to=to,
        subject=subject,
        body=body,
        language=language or settings.LANGUAGE_CODE,
        subject_type=about._meta.label_lower if about is not None else "",
        subject_id=about.pk if about is not None else None,
        key=key,
        headers=headers or {},
        created_at=now,
        next_attempt_at=now,
    )
    if key is None:
        mail.save(force_insert=True)
    else:  # two runs at once: the unique key keeps one row, the other insert is dropped
        OutboxMail.objects.bulk_create([mail], ignore_conflicts=True)
    outbox_nudge()
    return mail


def outbox_nudge() -> None:
    """Drain right after this commit as well as on the job's tick (test settings, small sites)."""
    if not settings.HEARD_NUDGE_JOBS:
        return
    from heard.core.tasks import outbox_mails_send

    def drain():
        outbox_mails_send.enqueue()

    drain.outbox_drain = True
    # One drain per transaction, not one per mail of a fan-out.
    waiting = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(getattr(entry[1], "outbox_drain", False) for entry in waiting):
        transaction.on_commit(drain)


def retry_delay(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure: doubling from HEARD_OUTBOX_RETRY_SECONDS, capped."""
    seconds = settings.HEARD_OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.HEARD_OUTBOX_RETRY_MAX_SECONDS))


def outbox_mails_send(*, budget_seconds: float | None = None) -> int:
    """Send due mail a chunk at a time until none is due or the budget is spent.
    Returns how many mails the server accepted."""
    budget = settings.HEARD_COUNT_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    _stale_release()
    sent = 0
    while True:
        claim, mails = _claim(CHUNK)
        if not mails:
            return sent
        sent += _send(claim, mails)
        if len(mails) < CHUNK or time.monotonic() > deadline:
            return sent


def _claim(limit: int) -> tuple[str, list[OutboxMail]]:
    claim = uuid.uuid4().hex
    now = clock.now()
    with transaction.atomic():
        due = list(
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxMail.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not due:
            return claim, []
        # Only rows still pending: on a database without row locks (SQLite) a second run that
        # read the same rows finds them taken here and claims none of them.
        OutboxMail.objects.filter(pk__in=due, status=OutboxMail.Status.PENDING).update(
            status=OutboxMail.Status.SENDING, claim=claim, claimed_at=now
        )
    return claim, list(OutboxMail.objects.filter(claim=claim, status=OutboxMail.Status.SENDING))


def _send(claim: str, mails: list[OutboxMail]) -> int:
    connection = get_connection()
    try:
        connection.open()  # one SMTP session for the chunk while nothing goes wrong
    except Exception as error:  # the server is away: every mail of the chunk waits
        logger.warning("the mail server is unavailable: %s", error)
        for mail in mails:
            _attempt_failed(claim, mail, error)
        return 0
    sent = 0
    try:
        for mail in mails:
            message = EmailMultiAlternatives(
                subject=mail.subject,
                body=mail.body,
                to=[mail.to],
                headers=mail.headers or None,
                connection=connection,
            )
            try:
                message.send()
            except Exception as error:  # one bad mail must not hold up the others
                logger.warning("could not send outbox mail %s: %s", mail.pk, error)
                _attempt_failed(claim, mail, error)
                # The session may be broken: what follows opens a session of its own.
                _close_quietly(connection)
            else:
                # At once, not at the end of the chunk: the shorter the time between the
                # server's acceptance and this mark, the rarer a second copy after a crash.
                OutboxMail.objects.filter(pk=mail.pk, claim=claim).update(
                    status=OutboxMail.Status.SENT,
                    sent_at=clock.now(),
                    body="",
                    headers={},
                    claim="",
                )
                sent += 1
    finally:
        _close_quietly(connection)
    return sent


@transaction.atomic
def _attempt_failed(claim: str, mail: OutboxMail, error: Exception) -> None:
    attempts = mail.attempts + 1
    now = clock.now()
    changes = {"attempts": attempts, "claim": "", "last_error": f"{type(error).__name__}: {error}"}
    if attempts >= settings.HEARD_OUTBOX_MAX_ATTEMPTS:
        changes.update(status=OutboxMail.Status.FAILED, failed_at=now)
    else:
        changes.update(
            status=OutboxMail.Status.PENDING, next_attempt_at=now + retry_delay(attempts)
        )
    updated = OutboxMail.objects.filter(pk=mail.pk, claim=claim).update(**changes)
    if updated and attempts >= settings.HEARD_OUTBOX_MAX_ATTEMPTS:
        audit_record(
            subject=mail, verb="mail_failed", data={"purpose": mail.purpose, "attempts": attempts}
        )


def _stale_release() -> int:
    """Rows a crashed run left "sending" are due again once their lease is over."""
    now = clock.now()
    lease = timedelta(seconds=settings.HEARD_OUTBOX_LEASE_SECONDS)
    return OutboxMail.objects.filter(
        status=OutboxMail.Status.SENDING, claimed_at__lt=now - lease
    ).update(
        status=OutboxMail.Status.PENDING,
        claim="",
        attempts=F("attempts") + 1,
        next_attempt_at=now,
        last_error="released after its lease: the run that held it stopped",
    )


def _close_quietly(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:
        logger.warning("closing the mail connection failed", exc_info=True)


@transaction.atomic
def outbox_mail_retry(*, mail: OutboxMail, actor) -> OutboxMail:
    """Staff send a failed mail again, with a fresh count of attempts."""
    mail = OutboxMail.objects.select_for_update().get(pk=mail.pk)
    if mail.status not in OutboxMail.RETRYABLE:
        raise TransitionNotAllowed(
            _("Only a failed e-mail can be sent again; this one is %(state)s.")
            % {"state": mail.get_status_display()}
        )
    mail.status = OutboxMail.Status.PENDING
    mail.attempts = 0
    mail.next_attempt_at = clock.now()
    mail.failed_at = None
    mail.save(update_fields=["status", "attempts", "next_attempt_at", "failed_at"])
    audit_record(subject=mail, verb="mail_retried", actor=actor, data={"purpose": mail.purpose})
    outbox_nudge()
    return mail


def outbox_mails_prune() -> int:
    """Delete sent mails older than HEARD_OUTBOX_KEEP_DAYS (their recipients with them)."""
    cutoff = clock.now() - timedelta(days=settings.HEARD_OUTBOX_KEEP_DAYS)
    deleted, _by_model = OutboxMail.objects.filter(
        status=OutboxMail.Status.SENT, sent_at__lte=cutoff
    ).delete()
    return deleted
