from django.db import models
from django.utils.translation import gettext_lazy as _


class VerifiedAddress(models.Model):
    """An individual address whose sender proved their identity with a provider: shown to staff
    only. Nothing of the identity is kept, only which configured provider vouched for it."""

    address = models.OneToOneField(
        "addresses.Address",
        verbose_name=_("address"),
        on_delete=models.CASCADE,
        related_name="identity_verification",
    )
    provider = models.CharField(_("identity provider"), max_length=64)
    verified_at = models.DateTimeField(_("identity verified at"))

    class Meta:
        verbose_name = _("verified address")
        verbose_name_plural = _("verified addresses")

    def __str__(self) -> str:
        return f"{self.address_id}: {self.provider}"
