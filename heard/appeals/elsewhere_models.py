"""Where an appeal made elsewhere came from (decision 0547): the channel, its posts, the dates
and the media as references. heard keeps no copy of the media; a later step may turn these
references into attachments."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.core import clock


class ElsewhereProvenance(models.Model):
    class Platform(models.TextChoices):
        TELEGRAM = "telegram", _("Telegram")

    appeal = models.OneToOneField(
        "appeals.Appeal", on_delete=models.CASCADE, related_name="provenance"
    )
    platform = models.CharField(max_length=16, choices=Platform.choices)
    channel_name = models.CharField(_("channel"), max_length=255, blank=True)
    channel_id = models.BigIntegerField(_("channel id"))
    channel_username = models.CharField(max_length=32, blank=True)
    post_ids = models.JSONField(_("post ids"), default=list)
    published_at = models.DateTimeField(_("published there"))
    edited_at = models.DateTimeField(null=True, blank=True)
    forwarded_from = models.CharField(max_length=255, blank=True)
    link = models.URLField(_("public link"), blank=True, max_length=300)
    # The addressee's clock starts here, not at the post's date (decision 0547).
    registered_at = models.DateTimeField(_("registered on heard"))

    class Meta:
        verbose_name = _("provenance of an appeal made elsewhere")
        verbose_name_plural = _("provenances of appeals made elsewhere")

    def __str__(self) -> str:
        return f"{self.platform}:{self.channel_id}/{self.post_ids}"

    @property
    def days_without_response(self) -> int:
        """Whole days from the registration on heard to today (the site's calendar)."""
        today = timezone.localdate(clock.now())
        return max(0, (today - timezone.localdate(self.registered_at)).days)


class ElsewhereMedia(models.Model):
    """A reference to one file of a post: its name in the export, its kind and the post's link."""

    provenance = models.ForeignKey(
        ElsewhereProvenance, on_delete=models.CASCADE, related_name="media"
    )
    position = models.PositiveSmallIntegerField(default=0)
    post_id = models.BigIntegerField()
    media_type = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255, blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    link = models.URLField(blank=True, max_length=300)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.file_name or self.media_type


def new_import_token() -> str:
    return secrets.token_urlsafe(18)


class ElsewhereImport(models.Model):
    """An uploaded export, read and waiting for a staff member to pick posts from it. Only its
    posts are kept (not the file); it is deleted when registered and after a day."""

    KEPT = timedelta(days=1)

    token = models.CharField(max_length=32, unique=True, default=new_import_token)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    channel_name = models.CharField(max_length=255, blank=True)
    channel_username = models.CharField(max_length=32, blank=True)
    export = models.JSONField()  # the export as uploaded, less its service messages' details

    def __str__(self) -> str:
        return self.channel_name or self.token
