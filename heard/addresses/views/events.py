"""Notices of public events: the organiser's form, the public register, and the office's
answer with the outcomes the law allows."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from heard.addresses import rules, selectors, services
from heard.addresses.models import Address, EventNotice
from heard.addresses.views.public import sent_grant_keep, web_sender
from heard.core.access import permission_first
from heard.core.errors import DomainError
from heard.offices.models import Addressee

EVENT_SORT_LABELS = {
    "event_latest": _("latest event first"),
    "event_soonest": _("earliest event first"),
    "received": _("newest notice"),
    "answer_due": _("answer due soonest"),
}


class EventNoticeForm(forms.Form):
    addressee = forms.ModelChoiceField(
        queryset=Addressee.objects.all(),
        label=_("Authority notified"),
        empty_label=_("— choose the authority —"),
    )
    form = forms.ChoiceField(label=_("Form of the event"), choices=EventNotice.Form.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    event_date = forms.DateField(
        label=_("Date of the event"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place or route"), max_length=500)
    participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=10_000_000
    )
    organising_group = forms.CharField(label=_("Organising group (shown publicly)"), max_length=200)
    organiser_name = forms.CharField(label=_("Organiser's full name (never shown)"), max_length=200)
    email = forms.EmailField(label=_("E-mail for the answer"), max_length=254, required=False)
    postal_address = forms.CharField(
        label=_("Postal address for the answer"), max_length=500, required=False
    )
    consent_processing = forms.BooleanField(
        label=_("I agree to the processing of my personal data to consider this notice"),
        error_messages={"required": _("The notice cannot be considered without this consent.")},
    )


class EventAnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EventNotice.Outcome.choices)
    ground = forms.ChoiceField(
        label=_("Ground of refusal (only for a refusal)"),
        choices=[("", "—"), *EventNotice.Ground.choices],
        required=False,
    )
    proposal = forms.CharField(
        label=_("Proposed place or time (only when proposing a change)"),
        max_length=500,
        required=False,
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    office = forms.CharField(label=_("Office that answers"), max_length=200)


@require_http_methods(["GET", "POST"])
def event_notice_create(request: HttpRequest) -> HttpResponse:
    form = EventNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            address, code = services.event_notice_send(
                **{key: value for key, value in data.items() if key != "consent_processing"},
                language=get_language() or "ru",
                **web_sender(request, addressee=data["addressee"], email=data["email"]),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            sent_grant_keep(request, address=address, show_code=not address.email)
            return redirect("addresses:sent")
    return render(
        request,
        "addresses/events/create.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def event_register(request: HttpRequest) -> HttpResponse:
    listing = request.GET.get("state", selectors.EventListing.ALL)
    if listing not in selectors.EventListing.CHOICES:
        listing = selectors.EventListing.ALL
    slug = request.GET.get("addressee", "")[:64]
    sort = request.GET.get("sort", "")
    if sort not in selectors.EVENT_SORTS:
        sort = "event_latest"
    notices = selectors.event_notices_public(listing=listing, addressee_slug=slug, sort=sort)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "addresses/events/register.html",
        {
            "page": page,
            "listing": listing,
            "listings": selectors.EventListing.CHOICES,
            "sort": sort,
            "sorts": EVENT_SORT_LABELS.items(),
        },
    )


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESS)
@require_POST
def event_notice_answer(request: HttpRequest, address: Address) -> HttpResponse:
    if address.kind != Address.Kind.EVENT_NOTICE:
        raise Http404
    form = EventAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.event_notice_answer(address=address, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("addresses:staff_detail", pk=address.pk)
    return render(
        request,
        "addresses/events/answer_failed.html",
        {"address": address, "form": form},
        status=400,
    )
