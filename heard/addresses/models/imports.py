from django.db import models

from heard.addresses.models.address import Address
from heard.addresses.models.intake import Campaign


class ImportKey(models.Model):
    """One line of an imported file, stored in the transaction that registered its address, so
    that a rerun of an interrupted import skips it (services/imports.py, decision 0516).

    The key is the line's own "id" (the intake system's identity of the address) when it has
    one, else its line number and a digest of the line's content."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    address = models.OneToOneField(Address, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="import_key_unique")
        ]

    def __str__(self) -> str:
        return self.key
