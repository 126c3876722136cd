import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.offices.models import Addressee, Region


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Appeal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        GATHERING_SPONSORS = "gathering_sponsors", _("gathering sponsors")
        AWAITING_MODERATION = "awaiting_moderation", _("awaiting moderation")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class RejectionCode(models.TextChoices):
        DUPLICATE = "duplicate", _("duplicate of an existing appeal")
        IRRELEVANT = "irrelevant", _("not a request to the addressee")
        OUTSIDE_COMPETENCE = "outside_competence", _("outside the addressee's competence")
        OFFENSIVE = "offensive", _("offensive or abusive")
        DEFAMATORY = "defamatory", _("defamatory")
        PERSONAL_DATA = "personal_data", _("contains personal data")
        ADVERTISING = "advertising", _("advertising or spam")

    # Named sets, as in e-petitions' Petition model.
    PRE_PUBLICATION = (Status.DRAFT, Status.GATHERING_SPONSORS, Status.AWAITING_MODERATION)
    WITHDRAWABLE = PRE_PUBLICATION
    REJECTABLE = (Status.GATHERING_SPONSORS, Status.AWAITING_MODERATION, Status.OPEN)
    PUBLISHED = (Status.OPEN, Status.CLOSED)
    PUBLIC = (Status.OPEN, Status.CLOSED, Status.REJECTED)
    SIGNABLE = (Status.OPEN,)
    SPONSORABLE = (Status.GATHERING_SPONSORS, Status.AWAITING_MODERATION)
    HIDDEN_TEXT_CODES = (
        RejectionCode.OFFENSIVE,
        RejectionCode.DEFAMATORY,
        RejectionCode.PERSONAL_DATA,
        RejectionCode.ADVERTISING,
    )

    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="appeals"
    )
    title = models.CharField(_("title"), max_length=150)
    demands = models.JSONField(_("demands"), default=list)
    text = models.TextField(_("full text"), max_length=20_000)
    group_name = models.CharField(_("group or person behind it"), max_length=200)
    video_url = models.URLField(_("video address"), blank=True, max_length=500)
    telegram_url = models.URLField(_("Telegram post"), blank=True, max_length=500)
    document_url = models.URLField(_("document"), blank=True, max_length=500)

    status = models.CharField(
        _("state"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"))
    validated_at = models.DateTimeField(_("initiator confirmed"), null=True, blank=True)
    moderation_requested_at = models.DateTimeField(_("sent to moderation"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    rejection_code = models.CharField(
        _("rejection reason"), max_length=32, choices=RejectionCode.choices, blank=True
    )
    rejection_details = models.TextField(_("rejection details"), blank=True, max_length=2000)

    # Milestones of the obligation to answer, set from the batched counts (see signatures.counting).
    response_threshold_reached_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True, db_index=True)
    consideration_threshold_reached_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True, db_index=True)
    # When signers and the initiator were told the response is overdue, and when the initiator
    # was told moderation takes longer than its target: each is said once.
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    moderation_late_notified_at = models.DateTimeField(null=True, blank=True)

    # The public count: written only by the counting job, never per signature.
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    counted_at = models.DateTimeField(null=True, blank=True)

    sponsor_token = models.CharField(max_length=64, default=new_token, unique=True)
    manage_token = models.CharField(max_length=64, default=new_token, unique=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-opened_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-signature_count"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("appeals:detail", kwargs={"pk": self.pk})

    @property
    def text_hidden(self) -> bool:
        return self.status == self.Status.REJECTED and self.rejection_code in self.HIDDEN_TEXT_CODES

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC



class AppealResponse(models.Model):
    """The official response, published once by a responder of the appeal's addressee."""

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="response")
    text = models.TextField(_("response"), max_length=50_000)
    responded_on = models.DateField(_("date of the response"))
    office = models.CharField(_("office that responded"), max_length=200)
    published_at = models.DateTimeField(_("published"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.office}, {self.responded_on}"


class AppealRegionCount(models.Model):
    """Confirmed signatures of an appeal in one region; rewritten by the counting job."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="region_counts")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appeal", "region"], name="appeal_region_count_unique")
        ]
        ordering = ["-count"]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.count}"


# Appeals made elsewhere (decision 0547) live in their own module.
from heard.appeals.elsewhere_models import (  # noqa: E402, F401
    ElsewhereImport,
    ElsewhereMedia,
    ElsewhereProvenance,
)
