from django import forms
from django.utils.translation import gettext_lazy as _

from heard.offices.models import Region


class RegionChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Region.objects.filter(active=True),
            label=_("Region"),
            empty_label=_("— choose your region —"),
            error_messages={"invalid_choice": _("Choose a region from the list.")},
            **kwargs,
        )

    def label_from_instance(self, obj: Region) -> str:
        return obj.name


class SignatureForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send a link to confirm your signature. It is never shown."),
    )
    region = RegionChoiceField()
    consent_processing = forms.BooleanField(
        label=_("I agree to the processing of my personal data to count this signature"),
        error_messages={"required": _("Your signature cannot be counted without this consent.")},
    )
    show_name = forms.BooleanField(label=_("Show my name publicly on this appeal"), required=False)
    notify = forms.BooleanField(label=_("E-mail me when the appeal is answered"), required=False)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def signing_kwargs(self) -> dict:
        """The cleaned fields `signature_create` takes, for every page that signs."""
        names = ("name", "email", "region", "show_name", "notify")
        return {name: self.cleaned_data[name] for name in names}
