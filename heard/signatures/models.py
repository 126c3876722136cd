import secrets

from django.conf import settings
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
        HELD = "held", _("held for review: over a limit")

    COUNTED = (Status.CONFIRMED,)
    CONFIRMABLE = (Status.PENDING,)
    REMOVABLE = (Status.PENDING, Status.CONFIRMED)
    INVALIDATABLE = (Status.PENDING, Status.CONFIRMED, Status.HELD)
    # Over a rate limit (per IP hash on the appeal, or per e-mail a day): stored, its link not
    # mailed, until a moderator releases it (its link goes out) or invalidates it (decision 0508).
    RELEASABLE = (Status.HELD,)
    # Marked by the fraud rules or a moderator without the signer being told: their link works
    # as any other (confirm, remove) and shows what it would show them (`status_shown`).
    SILENT = (Status.FRAUDULENT, Status.INVALIDATED)
    # Whose link the outbox mails, and mails again when the same address signs again (with an
    # invalidated one whose link had gone out: signing_rules.MAILABLE). Never a signature marked
    # fraudulent as it was made, nor one invalidated before its link went out: in a flood its
    # address may be anyone's.
    MAILED = (Status.PENDING, Status.CONFIRMED)

    # Indexes are kept to what queries use: every one is written on every signature of a spike
    # (decision 0401). The unique constraint below serves lookups by appeal.
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="signatures", db_index=False
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.SIGNER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    name = models.CharField(_("name"), max_length=100)
    # Encrypted at rest (see privacy.py); reading `email` gives the address back.
    email = EncryptedEmailField(_("e-mail"), blank=True)
    # A keyed hash of the normalised e-mail: the duplicate check never needs the address itself.
    email_digest = models.CharField(max_length=64)
    # The domain alone stays readable: the fraud reports and bulk invalidation group by it.
    email_domain = models.CharField(max_length=254, blank=True)
    # A salted hash of the signer's IP address, for the fraud rules; never the address itself.
    ip_digest = models.CharField(max_length=64, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, db_index=False
    )
    consented_at = models.DateTimeField()
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    notify = models.BooleanField(_("e-mail me about this appeal"), default=False)
    language = models.CharField(max_length=8, default="ru")
    # 192 random bits, looked up together with the id: no index needed to find or to keep unique.
    token = models.CharField(max_length=64, default=new_token)
    # The outbox sends the link while `sent < sends`; signing again raises `sends` (up to a cap).
    sends = models.PositiveSmallIntegerField(default=1)
    sent = models.PositiveSmallIntegerField(default=0)
    # Counter bookkeeping, not state: whether the public count includes this row. Only the
    # counting job flips it, in the same transaction as the count (see counting.py).
    tallied = models.BooleanField(default=False)
    created_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Set by a bulk invalidation, with the status to restore if it is reversed.
    invalidation = models.ForeignKey(
        "SignatureInvalidation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    status_before_invalidation = models.CharField(max_length=16, blank=True)

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
            # The rate limits and the bulk invalidation read signatures by IP hash per appeal.
            models.Index(fields=["appeal", "ip_digest", "created_at"]),
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
            # Consenting names, newest first; a pending signature is not in it.
            models.Index(
                fields=["appeal", "confirmed_at"],
                name="signature_public_name",
                condition=Q(show_name=True, status="confirmed"),
            ),
            # The daily mail cap counts an address's signatures over every appeal.
            models.Index(fields=["email_digest", "created_at"], name="signature_email_day"),
            models.Index(
                fields=["appeal", "created_at"],
                name="signature_held",
                condition=Q(status="held"),
            ),
            models.Index(
                fields=["invalidation"],
                name="signature_invalidated",
                condition=Q(invalidation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}:{self.pk}"

    @property
    def is_counted(self) -> bool:
        return self.status in self.COUNTED

    @property
    def status_shown(self) -> str:
        """The status the signer's own link pages show. A signature marked fraudulent or
        invalidated shows as pending until its link is pressed, confirmed after, removed once
        the signer removes it: the signer sees nothing different (it still never counts)."""
        if self.status in self.SILENT:
            if self.removed_at:
                return self.Status.REMOVED
            return self.Status.CONFIRMED if self.confirmed_at else self.Status.PENDING
        return self.status


def untallied() -> Q:
    """Rows whose contribution to the public count differs from what the count holds."""
    return Q(status__in=Signature.COUNTED, tallied=False) | (
        ~Q(status__in=Signature.COUNTED) & Q(tallied=True)
    )


class SignerRule(models.Model):
    """A block- or allow-list entry: an IP address, an e-mail domain or an e-mail address.

    IPs and e-mails are stored as the same keyed hashes the signatures carry, so the lists hold no
    more personal data than the signatures do."""

    class Kind(models.TextChoices):
        IP = "ip", _("IP address")
        DOMAIN = "domain", _("e-mail domain")
        EMAIL = "email", _("e-mail address")

    class Action(models.TextChoices):
        BLOCK = "block", _("block: signatures are marked fraudulent")
        ALLOW = "allow", _("allow: rate limits and domain checks do not apply")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    # The domain itself, or the keyed hash of the IP address or e-mail (see fraud.rule_value).
    value = models.CharField(_("value"), max_length=254)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("block or allow rule")
        verbose_name_plural = _("block and allow rules")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="signer_rule_unique")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.get_kind_display()} {self.value[:16]}"


class TrendReport(models.Model):
    """An hourly report for moderators: the IP hashes and domains signing an appeal most."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="trend_reports")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    signatures = models.PositiveIntegerField(default=0)
    top_ips = models.JSONField(default=list)
    top_domains = models.JSONField(default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_end", "-signatures"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "period_end"], name="trend_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.period_end:%Y-%m-%d %H:%M}"


class SignatureInvalidation(models.Model):
    """A moderator's bulk invalidation: what was chosen, how many, and whether it was reversed."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        REVERSED = "reversed", _("reversed")

    REVERSIBLE = (Status.APPLIED,)

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="invalidations")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.APPLIED)
    criteria = models.JSONField(default=dict)
    reason = models.CharField(_("reason"), max_length=500)
    count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.count} ({self.status})"
