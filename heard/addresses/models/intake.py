from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.addresses.models.policy import Category
from heard.offices.models import Addressee


class Campaign(models.Model):
    """An intake window (a televised question-and-answer session): addresses received in the
    window through an accepted channel (and category, if any are listed) join it."""

    addressee = models.ForeignKey(Addressee, on_delete=models.PROTECT, related_name="campaigns")
    slug = models.SlugField(_("short name in addresses"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    channels = models.JSONField(_("accepted channels"), default=list)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="campaigns"
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("intake campaign")
        verbose_name_plural = _("intake campaigns")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["addressee", "starts_at", "ends_at"])]

    def __str__(self) -> str:
        return self.title


class Organisation(models.Model):
    """An intermediary organisation submitting addresses on behalf of its members."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting verification")
        VERIFIED = "verified", _("verified")
        SUSPENDED = "suspended", _("suspended")

    VERIFIABLE = (Status.PENDING, Status.SUSPENDED)
    SUSPENDABLE = (Status.VERIFIED,)
    CAN_SUBMIT = (Status.VERIFIED,)

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    description = models.TextField(_("who you are and whom you help"), max_length=3000)
    contact_email = models.EmailField(_("contact e-mail"))
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="address_organisations"
    )
    status = models.CharField(
        _("state"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("registered"))
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("intermediary organisation")
        verbose_name_plural = _("intermediary organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    """A key for the API and Open311; only its hash is kept. Tied to exactly one addressee (its
    own intake, e.g. a call centre) or one intermediary organisation."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        REVOKED = "revoked", _("revoked")

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    addressee = models.ForeignKey(
        Addressee, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="api_keys"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(addressee__isnull=False, organisation__isnull=True)
                    | models.Q(addressee__isnull=True, organisation__isnull=False)
                ),
                name="api_key_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
