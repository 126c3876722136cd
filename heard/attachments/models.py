"""An attachment belongs to one address or one appeal. The stored file is always what heard
itself wrote: an image re-encoded without its metadata, or a document whose type was read from
its bytes (decision 0549); the sender's file name is kept only as a cleaned label."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def stored_name(instance: "Attachment", filename: str) -> str:
    """A random name under the month: nothing of the sender's name reaches the storage."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"attachments/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("document")
        IMAGE = "image", _("image")
        VIDEO = "video", _("video file")
        VIDEO_LINK = "video_link", _("video link")

    class Scan(models.TextChoices):
        """What the virus scanner said (HEARD_ATTACHMENT_SCANNER)."""

        NOT_SCANNED = "not_scanned", _("not scanned (no scanner configured)")
        PENDING = "pending", _("waiting for the virus scan")
        CLEAN = "clean", _("scanned, clean")
        INFECTED = "infected", _("scanned, infected: withheld")
        FAILED = "failed", _("the scanner failed: withheld")

    # Only these may be served; a file waits for the scanner when one is configured.
    SERVABLE = (Scan.NOT_SCANNED, Scan.CLEAN)

    address = models.ForeignKey(
        "addresses.Address",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200, blank=True)
    # A video link: the page as given, and the provider's player address built from it.
    link = models.URLField(_("link"), max_length=500, blank=True)
    embed_url = models.URLField(max_length=500, blank=True)
    public = models.BooleanField(_("public"), default=False)
    scan = models.CharField(max_length=16, choices=Scan.choices, default=Scan.NOT_SCANNED)
    scanned_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(address__isnull=False) & Q(appeal__isnull=True))
                | (Q(address__isnull=True) & Q(appeal__isnull=False)),
                name="attachment_of_one_address_or_appeal",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def servable(self) -> bool:
        return self.scan in self.SERVABLE

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE
