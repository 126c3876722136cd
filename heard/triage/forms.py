from django import forms
from django.utils.translation import gettext_lazy as _

from heard.addresses.models import Campaign
from heard.core.choice_fields import ListedModelChoiceField
from heard.triage.selectors import MASS_CAMPAIGN_SIZE


class DecisionForm(forms.Form):
    ACCEPT, OVERRIDE = "accept", "override"

    action = forms.ChoiceField(
        label=_("What to do with the selected addresses"),
        choices=[(ACCEPT, _("Accept the first suggested department")),
                 (OVERRIDE, _("Assign to the department chosen below instead"))],
        widget=forms.RadioSelect, initial=ACCEPT,
    )
    department = ListedModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=_("— choose —"),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = campaign.addressee.departments.order_by("name")
        field.error_messages["invalid_choice"] = _(
            "Choose a department of %(name)s.") % {"name": campaign.addressee.name}

    def clean(self):
        data = super().clean()
        if data.get("action") == self.OVERRIDE and not data.get("department"):
            self.add_error("department", _("Choose the department to assign instead."))
        return data


class MassFilterForm(forms.Form):
    min_size = forms.IntegerField(
        label=_("Smallest group shown"), min_value=2, max_value=10_000_000,
        initial=MASS_CAMPAIGN_SIZE, required=False,
    )
