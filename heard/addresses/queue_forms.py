"""The responder's filters over an addressee's queue (selectors.address_queue_filtered)."""

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from heard.addresses import selectors
from heard.addresses.models import Address, Campaign, Category, Verdict
from heard.core.choice_fields import ListedModelChoiceField
from heard.offices.models import Addressee, Department, Region

APPLICANTS = [
    ("", _("any applicant")),
    ("named", _("named")),
    ("anonymous", _("anonymous")),
    ("organisation", _("organisation")),
]
# The queue lists addresses in progress; a status narrows it, or shows closed ones to look back.
STATUSES = [
    ("", _("in progress")),
    *[
        (value, label)
        for value, label in Address.Status.choices
        if value in (*Address.IN_PROGRESS, *Address.CLOSED, Address.Status.MERGED)
    ],
]
NO_VERDICT = "none"
VERDICTS = [("", _("any verdict")), (NO_VERDICT, _("no verdict yet")), *Verdict.choices]
SORTS = [
    ("due", _("answer due, earliest first")),
    ("received", _("received, oldest first")),
    ("-received", _("received, newest first")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Text or number"), max_length=200, required=False)
    category = ListedModelChoiceField(
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
    region = ListedModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(active=True),
        required=False,
        empty_label=_("any region"),
    )
    status = forms.ChoiceField(label=_("State"), choices=STATUSES, required=False)
    verdict = forms.ChoiceField(label=_("Applicant's verdict"), choices=VERDICTS, required=False)
    applicant = forms.ChoiceField(label=_("Applicant"), choices=APPLICANTS, required=False)
    campaign = ListedModelChoiceField(
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


@dataclass
class QueueView:
    """The queue a set of GET parameters describes: what the page lists and what a bulk action
    "on every address matching this filter" acts on are one and the same queryset."""

    addresses: QuerySet
    department: Department | None
    listing: str
    filters: QueueFilterForm
    # With a text search: the words, and the same listing without them (selectors.
    # address_queue_page reads a page through it).
    text: str = ""
    unsearched: QuerySet | None = None

    @property
    def filters_open(self) -> bool:
        """The page shows the folded filters open when one besides the text search is set, or
        one is wrong (to show its error)."""
        if not self.filters.is_bound:
            return False
        if not self.filters.is_valid():
            return True
        chosen = self.filters.cleaned_data
        return any(chosen[name] not in (None, "") for name in chosen if name not in ("q", "sort"))

    def chosen(self, name: str):
        """One filter's value, or None when it is not set or the filter is not valid."""
        if not self.filters.is_bound or not self.filters.is_valid():
            return None
        return self.filters.cleaned_data.get(name) or None

    def described(self) -> list[tuple[str, str]]:
        """The filter's chosen values in words (label, value), for the bulk confirmation."""
        if not self.filters.is_valid():
            return []
        described = []
        for name, value in self.filters.cleaned_data.items():
            if value in (None, "") or name == "sort":
                continue
            field = self.filters.fields[name]
            if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
                value = dict(field.choices).get(value, value)
            described.append((str(field.label), str(value)))
        return described


def queue_matching(*, addressee: Addressee, params: QueryDict) -> QueueView:
    department = addressee.departments.filter(code=params.get("department", "")).first()
    listing = params.get("queue", selectors.Queue.ALL)
    if listing not in selectors.Queue.CHOICES:
        listing = selectors.Queue.ALL
    filters = QueueFilterForm(params or None, addressee=addressee)
    valid = filters.is_valid()
    status = filters.cleaned_data.get("status") if valid else ""
    addresses = selectors.address_queue(
        addressee=addressee,
        department=department,
        queue=listing,
        statuses=(status,) if status else Address.IN_PROGRESS,
    )
    if not valid:
        return QueueView(addresses, department, listing, filters)
    text = filters.cleaned_data.get("q") or ""
    unsearched = None
    if text:
        unsearched = selectors.address_queue_filtered(addresses, {**filters.cleaned_data, "q": ""})
    addresses = selectors.address_queue_filtered(addresses, filters.cleaned_data)
    return QueueView(addresses, department, listing, filters, text, unsearched)
