import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal
from heard.offices.models import Region


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

    COUNTED = (Status.CONFIRMED,)

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.SIGNER)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    # A keyed hash of the normalised e-mail: the duplicate check never needs the address itself.
    email_digest = models.CharField(max_length=64)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    consented_at = models.DateTimeField()
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    notify = models.BooleanField(_("e-mail me about this appeal"), default=False)
    language = models.CharField(max_length=8, default="ru")
    token = models.CharField(max_length=64, default=new_token, unique=True)
    sends = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "email_digest"], name="one_signature_per_email"
            )
        ]
        indexes = [models.Index(fields=["appeal", "status", "region"])]

    def __str__(self) -> str:
        return f"{self.appeal_id}:{self.pk}"
