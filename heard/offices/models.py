from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A region a signer or applicant can name; the default list is Russia's federal subjects."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=128)
    name_en = models.CharField(_("name in English"), max_length=128)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered in forms"), default=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position", "name_ru"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "").startswith("en") else self.name_ru


class AddressIdentity(models.TextChoices):
    """What an addressee asks of a person sending it an individual address (issue 17)."""

    # An e-mail is optional; one given is confirmed by its link before registration (as before).
    NONE = "none", _("none: an e-mail, if given, is confirmed by its link")
    EMAIL = "email", _("a confirmed e-mail")
    VERIFIED = "verified", _("a verified identity (OpenID Connect)")


class SigningIdentity(models.TextChoices):
    """What an addressee asks of the people who sign its appeals (issue 17)."""

    EMAIL = "email", _("a confirmed e-mail")
    VERIFIED = "verified", _("a verified identity (OpenID Connect)")


class Addressee(models.Model):
    """An authority appeals are sent to, with its own policy (every figure is a setting)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    sponsors_required = models.PositiveIntegerField(
        _("sponsors needed before moderation"), default=5, validators=[MaxValueValidator(1000)]
    )
    signing_period_days = models.PositiveIntegerField(
        _("signing period, days"), default=183, validators=[MinValueValidator(1)]
    )
    response_threshold = models.PositiveIntegerField(
        _("signatures that oblige a response"), default=10_000, validators=[MinValueValidator(1)]
    )
    consideration_threshold = models.PositiveIntegerField(
        _("signatures that oblige consideration"),
        default=100_000,
        validators=[MinValueValidator(1)],
    )
    response_days = models.PositiveIntegerField(
        _("days to respond after the threshold"), default=30, validators=[MinValueValidator(1)]
    )
    # Two tiers of lateness, as Alaveteli has "delayed" and "long overdue": past the due date a
    # response or answer is overdue; this many days later it is long overdue.
    long_overdue_days = models.PositiveIntegerField(
        _("days past the due date before it is long overdue"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    # Who may write and sign: shown to people before they start (issue 17, decision 0545).
    address_identity = models.CharField(
        _("individual addresses need"),
        max_length=16,
        choices=AddressIdentity.choices,
        default=AddressIdentity.NONE,
    )
    signing_identity = models.CharField(
        _("signing its appeals needs"),
        max_length=16,
        choices=SigningIdentity.choices,
        default=SigningIdentity.EMAIL,
    )

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=64)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["addressee", "name"]
        constraints = [
            models.UniqueConstraint(fields=["addressee", "code"], name="department_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.addressee} — {self.name}"


class StaffRole(models.Model):
    class Role(models.TextChoices):
        MODERATOR = "moderator", _("moderator")
        RESPONDER = "responder", _("responder")
        ADMINISTRATOR = "administrator", _("administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # Responders act for one addressee; moderators and administrators for all.
    addressee = models.ForeignKey(
        Addressee,
        verbose_name=_("addressee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "addressee"], name="staff_role_unique"),
            models.CheckConstraint(
                condition=~models.Q(role="responder") | models.Q(addressee__isnull=False),
                name="responder_has_addressee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
