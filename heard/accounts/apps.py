from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "heard.accounts"
    label = "accounts"
    verbose_name = _("Accounts and log-in")

    def ready(self) -> None:
        from heard.accounts import checks, sessions  # noqa: F401  (registers checks and signals)
