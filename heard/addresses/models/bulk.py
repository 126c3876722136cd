from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.offices.models import Addressee


class BulkAction(models.Model):
    """A bulk action on the queue too large for one request, applied by a task a chunk at a
    time (decision 0521). `key` makes a second submission of the same action on the same set
    find this one instead of starting another."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("done")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    key = models.CharField(max_length=64, unique=True)
    addressee = models.ForeignKey(Addressee, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16)
    # Ids of what the form chose (department, template, primary address) and the ground.
    params = models.JSONField(default=dict)
    address_ids = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # How far the task has come through address_ids; advanced with each chunk's changes.
    position = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    kept_open = models.PositiveIntegerField(default=0)
    refused = models.JSONField(default=list)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk action")
        verbose_name_plural = _("bulk actions")

    def __str__(self) -> str:
        return f"{self.action} × {len(self.address_ids)}"

    @property
    def total(self) -> int:
        return len(self.address_ids)
