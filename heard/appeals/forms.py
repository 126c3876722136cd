from django import forms
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal
from heard.appeals.search import Sort
from heard.offices.models import Addressee
from heard.signatures.forms import RegionChoiceField

MAX_DEMANDS = 10
MAX_DEMAND_LENGTH = 300


class AppealForm(forms.Form):
    addressee = forms.ModelChoiceField(
        queryset=Addressee.objects.all(),
        label=_("Addressee"),
        empty_label=_("— choose the addressee —"),
        error_messages={"invalid_choice": _("Choose an addressee from the list.")},
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    demands = forms.CharField(
        label=_("Demands"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_DEMANDS * (MAX_DEMAND_LENGTH + 2),
        help_text=_("One demand a line, at most %(count)d.") % {"count": MAX_DEMANDS},
    )
    text = forms.CharField(
        label=_("Full text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
        help_text=_("Markdown: **bold**, *italic*, lists, links. No HTML."),
    )
    group_name = forms.CharField(label=_("Group or person behind the appeal"), max_length=200)
    video_url = forms.URLField(label=_("Video address"), required=False, max_length=500)
    telegram_url = forms.URLField(label=_("Telegram post"), required=False, max_length=500)
    document_url = forms.URLField(label=_("Document"), required=False, max_length=500)
    initiator_name = forms.CharField(label=_("Your name"), max_length=100)
    initiator_email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    region = RegionChoiceField()
    consent_processing = forms.BooleanField(
        label=_("I agree to the processing of my personal data to run this appeal"),
        error_messages={"required": _("The appeal cannot be created without this consent.")},
    )

    def clean_demands(self) -> list[str]:
        demands = [line.strip(" -*\t") for line in self.cleaned_data["demands"].splitlines()]
        demands = [" ".join(demand.split()) for demand in demands if demand.strip(" -*\t")]
        if not demands:
            raise forms.ValidationError(_("Write at least one demand."))
        if len(demands) > MAX_DEMANDS:
            raise forms.ValidationError(
                _("Write at most %(count)d demands.") % {"count": MAX_DEMANDS}
            )
        if any(len(demand) > MAX_DEMAND_LENGTH for demand in demands):
            raise forms.ValidationError(
                _("Each demand must be at most %(count)d characters.")
                % {"count": MAX_DEMAND_LENGTH}
            )
        return demands

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title


class RejectForm(forms.Form):
    code = forms.ChoiceField(label=_("Reason"), choices=Appeal.RejectionCode.choices)
    details = forms.CharField(
        label=_("Details shown to the public"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Response"), max_length=50_000, widget=forms.Textarea)
    responded_on = forms.DateField(
        label=_("Date of the response"), widget=forms.DateInput(attrs={"type": "date"})
    )
    office = forms.CharField(label=_("Office that responded"), max_length=200)


class AppealSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    addressee = forms.ModelChoiceField(
        queryset=Addressee.objects.all(),
        label=_("Addressee"),
        required=False,
        to_field_name="slug",
        empty_label=_("all addressees"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("the list's own order")), *Sort.LABELS.items()],
    )
