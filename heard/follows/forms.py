from django import forms
from django.utils.translation import gettext_lazy as _

from heard.follows.targets import target_from


class FollowForm(forms.Form):
    """The e-mail address, and what to follow in hidden fields (the page's query string)."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "Used only to send the confirmation link and then one digest a day when something "
            "changed. Never shown, never shared."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    appeal = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    addressee = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    list = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        target = target_from(
            appeal=data.get("appeal", ""),
            addressee=data.get("addressee", ""),
            listing=data.get("list", ""),
        )
        if target is None:
            raise forms.ValidationError(_("There is nothing to follow at this address."))
        data["target"] = target
        return data
