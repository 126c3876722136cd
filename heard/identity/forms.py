from django import forms
from django.utils.translation import gettext_lazy as _

from heard.identity.providers import providers_all
from heard.signatures.forms import RegionChoiceField


class ProviderChoiceField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Prove who you are with"),
            error_messages={"invalid_choice": _("Choose an identity provider from the list.")},
            **kwargs,
        )
        self.choices = [(provider.slug, provider.name) for provider in providers_all()]


class VerifiedSignatureForm(forms.Form):
    """Signing with a verified identity: no e-mail (nothing is mailed); the name as it may be
    shown, the region, and the provider to prove it with."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Shown only if you tick the box below."),
    )
    region = RegionChoiceField()
    consent_processing = forms.BooleanField(
        label=_("I agree to the processing of my personal data to count this signature"),
        error_messages={"required": _("Your signature cannot be counted without this consent.")},
    )
    show_name = forms.BooleanField(label=_("Show my name publicly on this appeal"), required=False)
    provider = ProviderChoiceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = ProviderChoiceField()

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name
