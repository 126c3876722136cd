from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "heard.signatures"
    label = "signatures"
    verbose_name = _("Signatures")

    def ready(self) -> None:
        from heard.signatures import checks  # noqa: F401 - registers the system checks
