"""The public pages of a verified action: start (validate the form, go to the provider), the
provider's callback (check it, act through the services), and the signed page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from requests import RequestException

from heard.addresses.forms import AddressForm
from heard.addresses.views.public import sent_grant_keep, web_sender
from heard.core.errors import DomainError
from heard.core.http_methods import post_or_redirect
from heard.core.limits import limits_check, request_ip_hash, too_many
from heard.identity import services
from heard.identity.flow import IdentityRefused, flow_begin, flow_finish
from heard.identity.forms import VerifiedSignatureForm
from heard.identity.providers import provider_by_slug
from heard.offices.models import AddressIdentity, Region, SigningIdentity
from heard.signatures import lookups
from heard.signatures.privacy import client_ip


def _refused(request: HttpRequest, message, status: int = 400) -> HttpResponse:
    return render(request, "identity/refused.html", {"message": message}, status=status)


def _limited(request: HttpRequest) -> HttpResponse | None:
    verdict = limits_check(action="identity", ip_hash=request_ip_hash(request))
    return too_many(request, verdict) if verdict.exceeded else None


def _begin(request: HttpRequest, *, provider_slug: str, action: str, payload: dict):
    provider = provider_by_slug(provider_slug)
    if provider is None:
        return _refused(request, _("Choose an identity provider from the list."))
    try:
        return flow_begin(request, provider=provider, action=action, payload=payload)
    except IdentityRefused as refusal:
        return _refused(request, refusal.message, status=502)
    except RequestException:
        return _refused(request, _("The identity provider cannot be reached now."), status=503)


def _appeal_url(request: HttpRequest, pk: int) -> str:
    return reverse("appeals:detail", args=[pk])


@post_or_redirect(_appeal_url)
def sign_start(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = lookups.appeal_for_signing(pk=pk)
    if appeal is None or appeal.addressee.signing_identity != SigningIdentity.VERIFIED:
        raise Http404
    if limited := _limited(request):
        return limited
    form = VerifiedSignatureForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "appeal_pk": pk}
        return render(request, "identity/sign.html", context, status=400)
    data = form.cleaned_data
    payload = {
        "appeal": pk,
        "name": data["name"],
        "region": data["region"].pk,
        "show_name": data["show_name"],
    }
    return _begin(request, provider_slug=data["provider"], action="sign", payload=payload)


@post_or_redirect(lambda request: reverse("addresses:create"))
def address_start(request: HttpRequest) -> HttpResponse:
    if limited := _limited(request):
        return limited
    form = AddressForm(request.POST)
    addressee = form.cleaned_data.get("addressee") if form.is_valid() else None
    if addressee is None or addressee.address_identity != AddressIdentity.VERIFIED:
        chosen = getattr(form, "cleaned_data", {}).get("addressee")
        context = {"form": form, "addressee": chosen}
        return render(request, "addresses/create.html", context, status=400)
    payload = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    provider = request.POST.get("provider", "")
    return _begin(request, provider_slug=provider, action="address", payload=payload)


@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    if limited := _limited(request):
        return limited
    try:
        verified = flow_finish(request)
    except IdentityRefused as refusal:
        return _refused(request, refusal.message)
    # The callback's address has no language in it: the pages after it speak the one the
    # person started in.
    with translation.override(verified.language):
        try:
            if verified.action == "sign":
                return _sign(request, verified)
            return _send(request, verified)
        except DomainError as error:
            return _refused(request, error.message, status=409)


def _sign(request: HttpRequest, verified) -> HttpResponse:
    payload = verified.payload
    services.signature_sign_verified(
        appeal_id=payload["appeal"],
        name=payload["name"],
        region_id=payload["region"],
        show_name=payload["show_name"],
        provider=verified.provider,
        subject=verified.subject,
        language=get_language(),
        ip=client_ip(request),
    )
    return redirect("identity:signed", pk=payload["appeal"])


def _send(request: HttpRequest, verified) -> HttpResponse:
    # The form as it was posted, checked again; what the sender left empty may come from the
    # claims the provider's mapping names (name, e-mail, region), nothing else.
    form = AddressForm(verified.payload)
    if not form.is_valid():
        return render(request, "addresses/create.html", {"form": form}, status=400)
    fields = form.address_fields()
    claims = verified.claims
    fields["applicant_name"] = fields["applicant_name"] or claims.get("name", "")[:200]
    fields["email"] = fields["email"] or claims.get("email", "")[:254]
    if fields["region"] is None and claims.get("region"):
        fields["region"] = Region.objects.filter(code=claims["region"], active=True).first()
    addressee = form.cleaned_data["addressee"]
    sender = web_sender(request, addressee=addressee, email=fields["email"], confirm=False)
    address, _code = services.address_send_verified(
        fields=fields | {"addressee": addressee},
        provider=verified.provider,
        language=get_language(),
        held_by=sender["held_by"],
        ip_hash=sender["ip_hash"],
    )
    # Registered already (no link to press): the number and code are shown at once, as for an
    # address without an e-mail, and mailed too when there is one.
    sent_grant_keep(request, address=address, show_code=True)
    return redirect("addresses:sent")


def signed(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page however the signing went (new, again, held or marked): it tells nobody
    whether this person had signed before."""
    appeal = lookups.appeal_for_signing(pk=pk)
    if appeal is None:
        raise Http404
    return render(request, "identity/signed.html", {"appeal_pk": pk})
