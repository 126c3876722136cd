from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "heard.attachments"
    label = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        from heard.attachments import rules  # noqa: F401  (declares the permission)
