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
    `key` is a hash of the caller and their key; no request body is kept, only its hash."""

    key = models.CharField(max_length=64, unique=True)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}: {self.status}"
