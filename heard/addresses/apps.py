from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AddressesConfig(AppConfig):
    name = "heard.addresses"
    label = "addresses"
    verbose_name = _("Individual addresses")
