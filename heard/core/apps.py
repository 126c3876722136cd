from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "heard.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from heard.core import checks  # noqa: F401 - registers the system checks
        from heard.core.cleaning import checks as cleaning_checks  # noqa: F401 - the same
        from heard.core.cleaning.converters import converters_register

        # Before any urls.py is imported: they use <id:...>.
        converters_register()
