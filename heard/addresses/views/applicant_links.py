"""Pages behind the links an applicant gets by e-mail (and on the tracking page): give a verdict
on the answer; send a complaint when the answer is late or empty. The link is the key
(links.py); GET shows a form, POST acts, then redirects."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from heard.addresses import services
from heard.addresses.links import address_by_link, address_token
from heard.addresses.models import Address, Verdict
from heard.addresses.views.public import web_sender
from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash, too_many
from heard.offices.models import Addressee

DONE_KEY = "address_link_done"


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("What did the answer do for you?"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
    )


class ComplaintForm(forms.Form):
    addressee = forms.ModelChoiceField(
        label=_("To whom"),
        queryset=Addressee.objects.order_by("name"),
        help_text=_("The head of the same body, a body above it, or the prosecutor's office."),
    )
    text = forms.CharField(label=_("Complaint"), widget=forms.Textarea(attrs={"rows": 8}))


def _linked(number: str, purpose: str, token: str) -> Address:
    address = address_by_link(number=number, purpose=purpose, token=token)
    if address is None:
        raise Http404
    return address


@require_http_methods(["GET", "POST"])
def address_verdict(request: HttpRequest, number: str, token: str) -> HttpResponse:
    address = _linked(number, "verdict", token)
    form = VerdictForm(request.POST or None, initial={"verdict": address.verdict or None})
    error = None
    if request.method == "POST":
        verdict = limits_check(action="applicant", ip_hash=request_ip_hash(request))
        if verdict.exceeded:
            return too_many(request, verdict)
        if form.is_valid():
            try:
                services.address_verdict(address=address, verdict=form.cleaned_data["verdict"])
            except DomainError as exc:
                error = exc.message
            else:
                request.session[DONE_KEY] = address.number
                return redirect("addresses:verdict", number=number, token=token)
    saved = request.session.pop(DONE_KEY, None) == address.number
    complaint = services.complaint_allowed(address)
    return render(
        request,
        "addresses/verdict.html",
        {
            "address": address,
            "form": form,
            "error": error,
            "saved": saved,
            "complaint_token": address_token(address, "complaint") if complaint else "",
            "next_steps": services.next_steps_text(
                addressee=address.addressee, language=get_language() or "ru"
            )
            if complaint
            else "",
        },
        status=400 if (request.method == "POST" and (error or form.errors)) else 200,
    )


@require_http_methods(["GET", "POST"])
def address_complaint(request: HttpRequest, number: str, token: str) -> HttpResponse:
    original = _linked(number, "complaint", token)
    if not services.complaint_allowed(original):
        return render(request, "addresses/complaint.html", {"original": original, "closed": True})
    language = get_language() or "ru"
    form = ComplaintForm(
        request.POST or None,
        initial={
            "addressee": original.addressee,
            "text": services.complaint_text(address=original, language=language),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint, code = services.address_receive(
                addressee=form.cleaned_data["addressee"],
                text=form.cleaned_data["text"],
                kind=Address.Kind.COMPLAINT,
                channel=Address.Channel.WEB,
                applicant_name=original.applicant_name,
                email=original.email,
                postal_address=original.postal_address,
                language=language,
                complaint_of=original,
                # The mailed link proved the mailbox: no second confirmation.
                **web_sender(
                    request,
                    addressee=form.cleaned_data["addressee"],
                    email=original.email,
                    confirm=False,
                ),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            from heard.addresses.views.public import sent_grant_keep

            sent_grant_keep(request, address=complaint, show_code=True)
            return redirect("addresses:sent")
    return render(
        request,
        "addresses/complaint.html",
        {
            "original": original,
            "form": form,
            "next_steps": services.next_steps_text(addressee=original.addressee, language=language),
        },
        status=400 if form.errors else 200,
    )
