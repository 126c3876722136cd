import secrets

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal
from heard.offices.models import Region
from heard.signatures.privacy import EncryptedEmailField


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Signature(models.Model):
    class Role(models.TextChoices):
        CREATOR = "creator", _("initiator")
        SPONSOR = "sponsor", _("sponsor")
        SIGNER = "signer", _("signer")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REMOVED = "removed", _("removed by the signer")
        FRAUDULENT = "fraudulent", _("marked fraudulent")
        INVALIDATED = "invalidated", _("invalidated by a moderator")

    COUNTED = (Status.CONFIRMED,)
    CONFIRMABLE = (Status.PENDING,)
    REMOVABLE = (Status.PENDING, Status.CONFIRMED)
    INVALIDATABLE = (Status.PENDING, Status.CONFIRMED)

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.SIGNER)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    name = models.CharField(_("name"), max_length=100)
    # Encrypted at rest (see privacy.py); reading `email` gives the address back.
    email = EncryptedEmailField(_("e-mail"), blank=True)
    # A keyed hash of the normalised e-mail: the duplicate check never needs the address itself.
    email_digest = models.CharField(max_length=64)
    # A salted hash of the signer's IP address, for the fraud rules; never the address itself.
    ip_digest = models.CharField(max_length=64, blank=True, db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    consented_at = models.DateTimeField()
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    notify = models.BooleanField(_("e-mail me about this appeal"), default=False)
    language = models.CharField(max_length=8, default="ru")
    token = models.CharField(max_length=64, default=new_token, unique=True)
    # The outbox sends the link while `sent < sends`; signing again raises `sends` (up to a cap).
    sends = models.PositiveSmallIntegerField(default=1)
    sent = models.PositiveSmallIntegerField(default=0)
    # Counter bookkeeping, not state: whether the public count includes this row. Only the
    # counting job flips it, in the same transaction as the count (see counting.py).
    tallied = models.BooleanField(default=False)
    created_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "email_digest"], name="one_signature_per_email"
            )
        ]
        indexes = [
            models.Index(fields=["appeal", "status", "region"]),
            # Only rows whose count contribution is out of date: small, so the job finds them fast.
            models.Index(
                fields=["id"],
                name="signature_untallied",
                condition=Q(status="confirmed", tallied=False)
                | (~Q(status="confirmed") & Q(tallied=True)),
            ),
            models.Index(
                fields=["id"], name="signature_link_due", condition=Q(sent__lt=F("sends"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}:{self.pk}"

    @property
    def is_counted(self) -> bool:
        return self.status in self.COUNTED


def untallied() -> Q:
    """Rows whose contribution to the public count differs from what the count holds."""
    return Q(status__in=Signature.COUNTED, tallied=False) | (
        ~Q(status__in=Signature.COUNTED) & Q(tallied=True)
    )
