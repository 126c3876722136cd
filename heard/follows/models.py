"""A person's request to hear by e-mail about an appeal, an addressee or a list.

The least personal data that lets heard mail a digest: the address (encrypted at rest, as
signers' are), its keyed digest (one follow per mailbox and target; rate limits count it), the
language to write in and the dates the digest needs. Nothing links a follow to a signature. An
unconfirmed follow is deleted after HEARD_FOLLOW_UNCONFIRMED_DAYS, an unsubscribed one at once."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal
from heard.offices.models import Addressee
from heard.signatures.privacy import EncryptedEmailField


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class Follow(models.Model):
    class Kind(models.TextChoices):
        APPEAL = "appeal", _("an appeal")
        ADDRESSEE = "addressee", _("an addressee")
        LIST = "list", _("a list")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")

    kind = models.CharField(_("follows"), max_length=16, choices=Kind.choices)
    # "appeal:12", "addressee:7", "list:overdue" or "list:overdue:7": what is followed, as one key.
    target = models.CharField(_("target"), max_length=64)
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    addressee = models.ForeignKey(
        Addressee, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    listing = models.CharField(_("list"), max_length=32, blank=True)
    email = EncryptedEmailField(_("e-mail"))
    email_digest = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=16)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # In the signed links: a follow deleted and made again does not answer the old links.
    nonce = models.CharField(max_length=32, default=new_nonce)
    created_at = models.DateTimeField(_("asked at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Events up to this moment have been reported (or happened before the follow began).
    reported_through = models.DateTimeField(null=True, blank=True)
    # The local date of the last digest run for this follow: at most one digest a day.
    digest_on = models.DateField(null=True, blank=True)

    CONFIRMABLE = (Status.PENDING,)

    class Meta:
        verbose_name = _("e-mail follow")
        verbose_name_plural = _("e-mail follows")
        constraints = [
            models.UniqueConstraint(fields=["email_digest", "target"], name="follow_once")
        ]
        indexes = [
            models.Index(fields=["status", "digest_on"], name="follow_due"),
            models.Index(fields=["status", "created_at"], name="follow_age"),
        ]

    def __str__(self) -> str:
        return f"{self.target} ({self.status})"
