from django import forms
from django.utils.translation import gettext_lazy as _


class InvalidationForm(forms.Form):
    """Which signatures of an appeal to invalidate; previewed before it runs."""

    ip = forms.CharField(
        label=_("IP address or its hash (from a report)"), max_length=64, required=False
    )
    domain = forms.CharField(label=_("E-mail domain"), max_length=254, required=False)
    since = forms.DateTimeField(label=_("Signed from (date and time)"), required=False)
    until = forms.DateTimeField(label=_("Signed before (date and time)"), required=False)
    region_code = forms.CharField(label=_("Region code"), max_length=16, required=False)
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"), max_length=500, required=False
    )

    def criteria(self) -> dict:
        return {
            key: self.cleaned_data.get(key) or ("" if key not in ("since", "until") else None)
            for key in ("ip", "domain", "since", "until", "region_code")
        }


class HeldForm(forms.Form):
    """Which held signatures of an appeal to release or invalidate (empty: all of them)."""

    ip = forms.CharField(
        label=_("IP address or its hash (from the evidence)"), max_length=64, required=False
    )
    domain = forms.CharField(label=_("E-mail domain"), max_length=254, required=False)
    since = forms.DateTimeField(label=_("Signed from (date and time)"), required=False)
    until = forms.DateTimeField(label=_("Signed before (date and time)"), required=False)
    reason = forms.CharField(
        label=_("Reason (kept in the audit log; needed to invalidate)"),
        max_length=500,
        required=False,
    )

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            "ip": data.get("ip") or "",
            "domain": data.get("domain") or "",
            "since": data.get("since"),
            "until": data.get("until"),
        }
