from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change of anything, written in the same transaction as the change itself.

    `subject_type`/`subject_id` name the changed object without a foreign key so that events
    outlive what they describe (an anonymised signature, a deleted draft).
    """

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted when it was not staff: "initiator", "signer", "system", "public".
    actor_role = models.CharField(_("actor"), max_length=32)
    verb = models.CharField(_("event"), max_length=64)
    subject_type = models.CharField(max_length=64)
    subject_id = models.BigIntegerField()
    data = models.JSONField(default=dict, blank=True)
    # Shown in the public history of the subject (e.g. "published", "response published").
    public = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject_type}#{self.subject_id} {self.verb}"


class OutboxMail(models.Model):
    """One rendered e-mail waiting to be sent, queued in the same transaction as the change it
    tells of, and sent by the drain job (heard.core.outbox) with retries.

    `subject_type`/`subject_id` name what the mail is about, as for audit events. `key` makes
    queueing idempotent where a job that may run twice queues the mail (fan-outs to many)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # Staff may send these again (the retry action of the admin list).
    RETRYABLE = (Status.FAILED,)

    purpose = models.CharField(_("purpose"), max_length=64, db_index=True)
    to = models.CharField(_("recipient"), max_length=254)
    subject = models.TextField(_("subject"))
    # Erased once sent: a registration mail holds the tracking code in clear.
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=16)
    subject_type = models.CharField(_("about"), max_length=64, blank=True)
    subject_id = models.BigIntegerField(_("about (id)"), null=True, blank=True)
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    # Extra message headers (a digest's List-Unsubscribe, RFC 8058); erased once sent, as the body.
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # The drain run that holds the mail while it is being sent, and since when.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.to} ({self.status})"


class LimitCount(models.Model):
    """Attempts counted in one fixed window of one limit (see core/limits.py). `key` names the
    action (or the shared mail counter), the kind, the window's length and a hash of the IP hash,
    e-mail digest or addressee: no value a person gave is kept here."""

    key = models.CharField(max_length=96)
    window_start = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="limit_count_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="limit_count_start")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}: {self.hits}"


class IdempotentResponse(models.Model):
    """The first answer to an API write sent with an Idempotency-Key (core/idempotency.py).
    `key` is a hash of the caller and their key; no request body is kept, only its hash. The
    answer may hold a new tracking code: `body` is encrypted at rest, as signers' e-mails are."""

    key = models.CharField(max_length=64, unique=True)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    # The caching and retry headers of the first answer (no-store stays no-store on a replay).
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}: {self.status}"
