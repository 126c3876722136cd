"""The confirmation-link outbox: signing only stores a row; this job mails the links.

A row is due while `sent < sends`. The job locks a chunk of due rows (skipping rows another runner
holds), mails each link and marks the chunk sent in the same transaction, so a crash before the
commit sends a link again rather than never. Signing again with the same address raises `sends`
(up to HEARD_CONFIRMATION_MAX_SENDS), which makes the row due again.
"""

import logging
import time

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from heard.core.mail import absolute_url, email_send
from heard.signatures.models import Signature
from heard.signatures.signing_rules import MAILABLE

logger = logging.getLogger(__name__)

CHUNK = 100
LINK_FIELDS = ("id", "email", "name", "token", "language", "role", "appeal__id", "appeal__title")


def signature_link_send(
    signature: Signature, *, connection: BaseEmailBackend | None = None
) -> None:
    with translation.override(signature.language):
        path = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})
    email_send(
        to=signature.email,
        template="signatures/email/confirm",
        context={"signature": signature, "appeal": signature.appeal, "link": absolute_url(path)},
        language=signature.language,
        connection=connection,
    )


def _chunk(limit: int) -> int:
    with transaction.atomic():
        due = list(
            Signature.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("appeal")
            # What the message needs and no more: reading whole rows (the appeal's text, every
            # timestamp) was half the job's CPU in a spike.
            .only(*LINK_FIELDS)
            .filter(MAILABLE, sent__lt=F("sends"))
            .order_by("pk")[:limit]
        )
        if not due:
            return 0
        done = []
        connection = get_connection()
        connection.open()  # one SMTP session for the whole chunk; if it fails, nothing is sent
        try:
            for signature in due:
                try:
                    signature_link_send(signature, connection=connection)
                except Exception:  # one bad address must not hold up the others; retried later
                    logger.exception("could not mail the link of signature %s", signature.pk)
                    # After an error the session may be broken: each message after it opens and
                    # closes a session of its own.
                    _close_quietly(connection)
                else:
                    done.append(signature.pk)
        finally:
            # Whatever the server says to QUIT, the links it accepted are sent: marking them
            # must not be rolled back by it (that would mail the whole chunk again).
            _close_quietly(connection)
        Signature.objects.filter(pk__in=done).update(sent=F("sends"))
    return len(due)


def _close_quietly(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:
        logger.warning("closing the mail connection failed", exc_info=True)


def signature_links_send(*, budget_seconds: float | None = None) -> int:
    """Mail due links a chunk at a time until none is due or the budget is spent."""
    budget = settings.HEARD_COUNT_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    total = 0
    while True:
        done = _chunk(CHUNK)
        total += done
        if done < CHUNK or time.monotonic() > deadline:
            return total
