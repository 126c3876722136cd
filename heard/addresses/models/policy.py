from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from heard.offices.models import Addressee, Department, Region

DEFAULT_NUMBER_FORMAT = "{prefix}-{year}-{seq:07d}"


def number_format_validate(value: str) -> None:
    try:
        sample = value.format(prefix="X", year=2026, seq=1)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("Use only {prefix}, {year} and {seq} (with a format such as {seq:07d}).")
        ) from error
    # Prefixes are unique and counters restart each year: with all three, numbers never clash.
    if any(part not in value for part in ("{prefix}", "{year}", "{seq")) or len(sample) > 32:
        raise ValidationError(
            _("The format must contain {prefix}, {year} and {seq} and give at most 32 characters.")
        )


class AddressPolicy(models.Model):
    """Deadlines and numbering for individual addresses to one addressee (defaults: 59-FZ)."""

    addressee = models.OneToOneField(
        Addressee, on_delete=models.CASCADE, related_name="address_policy"
    )
    registration_days = models.PositiveIntegerField(
        _("days to register"), default=3, validators=[MaxValueValidator(365)]
    )
    forwarding_days = models.PositiveIntegerField(
        _("days to forward outside competence"), default=7, validators=[MaxValueValidator(365)]
    )
    answer_days = models.PositiveIntegerField(
        _("days to answer"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    return_days = models.PositiveIntegerField(
        _("days to answer again after a return"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "A returned address runs on a new clock of this many days from the day of the "
            "return; it may be extended once more."
        ),
    )
    # 54-FZ: a notice of a public event is filed 10 to 15 days before it, and answered in 3.
    event_notice_min_days = models.PositiveIntegerField(
        _("public events: notice at least, days before"),
        default=10,
        validators=[MaxValueValidator(365)],
    )
    event_notice_max_days = models.PositiveIntegerField(
        _("public events: notice at most, days before"),
        default=15,
        validators=[MaxValueValidator(365)],
    )
    event_answer_days = models.PositiveIntegerField(
        _("public events: days to answer a notice"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    extension_max_days = models.PositiveIntegerField(
        _("longest extension, days"), default=30, validators=[MaxValueValidator(365)]
    )
    next_steps_ru = models.TextField(
        _("next steps when an answer is late or empty, in Russian"),
        blank=True,
        help_text=_("Markdown. Empty: the steps 59-FZ gives (see the README)."),
    )
    next_steps_en = models.TextField(
        _("next steps when an answer is late or empty, in English"), blank=True
    )
    due_soon_days = models.PositiveIntegerField(
        _("highlight as due soon, days before"), default=3, validators=[MaxValueValidator(60)]
    )
    number_prefix = models.CharField(
        _("prefix of numbers"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]+$", _("Capital Latin letters and digits only."))],
    )
    number_format = models.CharField(
        _("format of numbers"),
        max_length=64,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[number_format_validate],
        help_text=_("For example {prefix}-{year}-{seq:07d} gives DL-2026-0001234."),
    )

    class Meta:
        verbose_name = _("policy for individual addresses")
        verbose_name_plural = _("policies for individual addresses")

    def __str__(self) -> str:
        return str(self.addressee)


class Category(models.Model):
    """A topic an addressee offers to applicants; also an Open311 service."""

    addressee = models.ForeignKey(
        Addressee, on_delete=models.CASCADE, related_name="address_categories"
    )
    code = models.SlugField(_("code"), max_length=64)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    active = models.BooleanField(_("offered in forms"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["addressee", "name_ru"]
        constraints = [
            models.UniqueConstraint(fields=["addressee", "code"], name="address_category_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_ru

    @property
    def service_code(self) -> str:
        return f"{self.addressee.slug}.{self.code}"


class RoutingRule(models.Model):
    """Category and/or region → department, applied at registration; the most specific wins."""

    addressee = models.ForeignKey(
        Addressee, on_delete=models.CASCADE, related_name="address_routing_rules"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.region or '*'} → {self.department.name}"

    def clean(self) -> None:
        if self.department_id and self.department.addressee_id != self.addressee_id:
            raise ValidationError(_("The department must belong to the same addressee."))
        if self.category_id and self.category.addressee_id != self.addressee_id:
            raise ValidationError(_("The category must belong to the same addressee."))


class NumberCounter(models.Model):
    """The last sequence number given per addressee per year; locked while a number is taken."""

    addressee = models.ForeignKey(Addressee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["addressee", "year"], name="number_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.addressee_id}/{self.year}: {self.last}"


class AnswerTemplate(models.Model):
    """A prepared answer an office reuses, per addressee and (optionally) category: the responder
    picks it on the address page and edits it before sending."""

    addressee = models.ForeignKey(
        Addressee, on_delete=models.CASCADE, related_name="answer_templates"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: offered for every address of the addressee."),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text of the answer"), max_length=50_000)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
