"""The responder's filters over an addressee's queue (selectors.address_queue_filtered)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from heard.addresses.models import Address, Campaign, Category
from heard.offices.models import Region

APPLICANTS = [
    ("", _("any applicant")),
    ("named", _("named")),
    ("anonymous", _("anonymous")),
    ("organisation", _("organisation")),
]
SORTS = [
    ("due", _("answer due, earliest first")),
    ("received", _("received, oldest first")),
    ("-received", _("received, newest first")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Text or number"), max_length=200, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("any category"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("any channel")), *Address.Channel.choices],
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(active=True),
        required=False,
        empty_label=_("any region"),
    )
    applicant = forms.ChoiceField(label=_("Applicant"), choices=APPLICANTS, required=False)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("any campaign"),
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, addressee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(addressee=addressee)
        self.fields["campaign"].queryset = Campaign.objects.filter(addressee=addressee)
