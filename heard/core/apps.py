from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "heard.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from heard.core import checks  # noqa: F401 - registers the system checks

        # Each app's rules.py declares its permissions (heard.core.access) when imported.
        autodiscover_modules("rules")


class HeardAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with a site only administrators reach (heard.core.admin_site)."""

    default = False  # named in INSTALLED_APPS by its full path; heard.core stays CoreConfig

    default_site = "heard.core.admin_site.HeardAdminSite"
