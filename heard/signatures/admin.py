from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from heard.signatures.fraud import rule_value
from heard.signatures.models import SignerRule


class SignerRuleForm(forms.ModelForm):
    class Meta:
        model = SignerRule
        fields = ["kind", "action", "value", "note"]
        help_texts = {
            "value": _(
                "An IP address, an e-mail domain or an e-mail address (or a hash from a fraud "
                "report). IP addresses and e-mails are stored only as hashes."
            )
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("value"):
            data["value"] = rule_value(kind=data["kind"], raw=data["value"])
        return data


@admin.register(SignerRule)
class SignerRuleAdmin(admin.ModelAdmin):
    """Block and allow lists; web processes pick changes up within a few seconds."""

    form = SignerRuleForm
    list_display = ["kind", "action", "value", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
