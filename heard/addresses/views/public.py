"""Public pages: sending an address, following it by number, statistics, campaigns."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from heard.addresses import charts, codes, regional, selectors, services, statistics
from heard.addresses.forms import RateForm, ReturnForm, TrackForm, WebAddressForm
from heard.addresses.links import address_token
from heard.addresses.models import Address, Campaign, Organisation
from heard.appeals import selectors as appeal_selectors
from heard.attachments.services import attachments_add
from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash, too_many
from heard.offices.models import Addressee, AddressIdentity
from heard.signatures.emails import email_digest

SENT_KEY = "address_sent"
SENT_SALT = "heard.addresses.sent"


def web_sender(request: HttpRequest, *, addressee, email: str, confirm: bool = True) -> dict:
    """What `address_receive` needs to know of a sender on the web: over a limit the address is
    held for the office (the sender sees the usual page); with `confirm`, an address with an
    e-mail waits for its sender to press the mailed link (decision 0508)."""
    ip_hash = request_ip_hash(request)
    verdict = limits_check(
        action="address",
        ip_hash=ip_hash,
        email_digest=email_digest(email) if email else "",
        addressee=addressee.slug,
    )
    held_by = verdict.kind if verdict.exceeded else ""
    return {"confirm_email": confirm, "held_by": held_by, "ip_hash": ip_hash}


def address_identity_check(*, addressee: Addressee, email: str) -> None:
    """The addressee's rule for who may write (issue 17): a confirmed e-mail, or a verified
    identity (heard.identity's own view sends those)."""
    if addressee.address_identity == AddressIdentity.VERIFIED:
        raise DomainError(_("This addressee considers only addresses from a verified identity."))
    if addressee.address_identity == AddressIdentity.EMAIL and not email:
        raise DomainError(_("This addressee considers only addresses with a confirmed e-mail."))


@require_http_methods(["GET", "POST"])
def address_create(request: HttpRequest) -> HttpResponse:
    addressee = Addressee.objects.filter(slug=request.GET.get("to", "")).first()
    form = WebAddressForm(request.POST or None, request.FILES or None, addressee=addressee)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = form.address_fields()
        attachments = form.attachments()
        if attachments and _attachments_limited(request, addressee=data["addressee"]):
            form.add_error(
                "files",
                _(
                    "Too many files were sent from your network lately. Send the address "
                    "without them, or try again later."
                ),
            )
            status = 429
        else:
            try:
                address_identity_check(addressee=data["addressee"], email=fields["email"])
                # The address and its attachments are stored together, or neither is.
                with transaction.atomic():
                    address, code = services.address_receive(
                        addressee=data["addressee"],
                        **fields,
                        channel=Address.Channel.WEB,
                        language=get_language(),
                        **web_sender(request, addressee=data["addressee"], email=fields["email"]),
                    )
                    attachments_add(
                        address=address,
                        items=attachments,
                        public_images=data["images_public"],
                    )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                # With an e-mail the code goes only by e-mail, once the sender has confirmed it.
                sent_grant_keep(request, address=address, show_code=not address.email)
                return redirect("addresses:sent")
    return render(
        request, "addresses/create.html", {"form": form, "addressee": addressee}, status=status
    )


def _attachments_limited(request: HttpRequest, *, addressee) -> bool:
    verdict = limits_check(
        action="attachment", ip_hash=request_ip_hash(request), addressee=addressee.slug
    )
    return verdict.exceeded


def sent_grant_keep(
    request: HttpRequest,
    *,
    address: Address,
    show_code: bool,
    entered: bool = False,
    organisation: str = "",
) -> None:
    """Let the next page show this address once (POST/redirect/GET). The session keeps a signed,
    time-limited grant for the address, never its tracking code: the page re-derives the code
    from the address (codes.tracking_code) when `show_code`."""
    grant = {"address": address.pk, "show": show_code, "entered": entered, "org": organisation}
    request.session[SENT_KEY] = signing.dumps(grant, salt=SENT_SALT)


def _grant_read(request: HttpRequest) -> dict | None:
    grant = request.session.pop(SENT_KEY, None)
    if not isinstance(grant, str):
        return None
    try:
        return signing.loads(
            grant, salt=SENT_SALT, max_age=settings.HEARD_ADDRESS_SENT_GRANT_SECONDS
        )
    except signing.BadSignature:
        return None


@never_cache
def address_sent(request: HttpRequest) -> HttpResponse:
    grant = _grant_read(request)
    address = (
        Address.objects.select_related("addressee").filter(pk=grant["address"]).first()
        if grant
        else None
    )
    if address is None:
        return redirect("addresses:track")
    code = ""
    if grant["show"]:
        code = codes.tracking_code(salt=address.tracking_salt, number=address.number)
    organisation = None
    if grant["org"]:
        organisation = Organisation.objects.filter(slug=grant["org"]).first()
    context = {
        "address": address,
        "tracking_code": code,
        "entered": grant["entered"],
        "organisation": organisation,
    }
    return render(request, "addresses/sent.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def address_track(request: HttpRequest) -> HttpResponse:
    """GET shows the form (the number may come from the e-mailed link); POST shows the status,
    so that the tracking code never lands in a URL. Never stored by any cache."""
    if request.method == "GET":
        form = TrackForm(initial={"number": request.GET.get("number", "")[:40]})
        return render(request, "addresses/track.html", {"form": form})
    verdict = limits_check(action="track", ip_hash=request_ip_hash(request))
    if verdict.exceeded:
        return too_many(request, verdict)
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "addresses/track.html", {"form": form}, status=400)
    number, code = form.cleaned_data["number"], form.cleaned_data["code"]
    address = selectors.address_for_tracking(number=number, code=code)
    if address is None:
        form.add_error(None, _("No address matches this number and tracking code."))
        return render(request, "addresses/track.html", {"form": form}, status=404)
    action, action_form, error = request.POST.get("action", ""), None, None
    if action in ("rate", "return"):
        verdict = limits_check(action="applicant", ip_hash=request_ip_hash(request))
        if verdict.exceeded:
            return too_many(request, verdict)
        action_form = (RateForm if action == "rate" else ReturnForm)(request.POST)
        if action_form.is_valid():
            try:
                if action == "rate":
                    address = services.address_rate(
                        address=address,
                        tracking_code=code,
                        rating=action_form.cleaned_data["rating"],
                    )
                else:
                    address = services.address_return(
                        address=address,
                        tracking_code=code,
                        reason=action_form.cleaned_data["reason"],
                    )
            except DomainError as exc:
                error = exc.message
            else:
                action_form = None
                address = selectors.address_for_tracking(number=number, code=code)
    context = {
        "address": address,
        "code": code,
        "history": selectors.address_public_history(address),
        "urgency": selectors.address_urgency(address),
        "due_steps": selectors.address_due_steps(address),
        # The tracking code is proven here: the page may carry the applicant's links.
        "verdict_token": address_token(address, "verdict"),
        "complaint_token": (
            address_token(address, "complaint") if services.complaint_allowed(address) else ""
        ),
        "rate_form": action_form if action == "rate" and action_form else RateForm(),
        "return_form": action_form if action == "return" and action_form else ReturnForm(),
        "error": error,
    }
    failed = error or (action_form is not None and action_form.errors)
    return render(request, "addresses/status.html", context, status=400 if failed else 200)


@require_http_methods(["GET", "POST"])
def address_confirm(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """The e-mailed link: GET shows a button (mail scanners fetch links), POST registers.
    POSTs count against the applicant limit before anything is looked up, so that guessing
    tokens is as slow as the other applicant links."""
    if request.method == "POST":
        verdict = limits_check(action="applicant", ip_hash=request_ip_hash(request))
        if verdict.exceeded:
            return too_many(request, verdict)
    address = Address.objects.select_related("addressee").filter(number=number[:40]).first()
    if address is None or not services.confirmation_matches(address, token):
        raise Http404
    if request.method == "POST":
        services.address_confirm(address=address)
        return redirect("addresses:confirm", number=number, token=token)
    context = {"address": address, "confirmable": address.status in Address.CONFIRMABLE}
    return render(request, "addresses/confirm.html", context)


def statistics_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "addresses/statistics_index.html",
        {
            "rows": statistics.platform_statistics(),
            "min_count": settings.HEARD_STATS_MIN_COUNT,
            "region_counts": regional.address_region_counts(),
        },
    )


def statistics_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The addressee's figures as CSV: totals, each department, each month; one row each."""
    addressee = get_object_or_404(Addressee, slug=slug)
    figures = statistics.addressee_statistics(addressee=addressee)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{addressee.slug}.csv"'
    statistics.statistics_csv_write(response, figures)
    return response


def statistics_addressee(request: HttpRequest, slug: str) -> HttpResponse:
    addressee = get_object_or_404(Addressee, slug=slug)
    figures = statistics.addressee_statistics(addressee=addressee)
    months = figures["months"]
    labels = [row["month"].strftime("%Y-%m") for row in months]
    chart = charts.stacked_bars(
        ident="by-month",
        title=_("Addresses by month of receipt"),
        description=_("Answered on time, answered late, overdue now and still within the term."),
        labels=labels,
        series=[
            (_("answered on time"), [row["answered_on_time"] for row in months]),
            (_("answered late"), [row["answered_late"] for row in months]),
            (_("overdue now"), [row["overdue_now"] for row in months]),
            (
                _("within the term"),
                [max(row["in_progress"] - row["overdue_now"], 0) for row in months],
            ),
        ],
    )
    median_chart = charts.stacked_bars(
        ident="median",
        title=_("Median days to answer, by month of receipt"),
        description=_("Half of the answered addresses took fewer days than this."),
        labels=labels,
        series=[(_("median days"), [row["median_days"] or 0 for row in months])],
    )
    return render(
        request,
        "addresses/statistics.html",
        {
            "addressee": addressee,
            "chart": chart,
            "median_chart": median_chart,
            "appeals": appeal_selectors.appeal_response_figures(addressee=addressee),
            "events": selectors.event_notice_figures(addressee=addressee),
            "min_count": settings.HEARD_STATS_MIN_COUNT,
            "region_counts": regional.address_region_counts(addressee=addressee),
            **figures,
        },
    )


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.select_related("addressee").order_by("-starts_at")[:100]
    return render(request, "addresses/campaigns.html", {"campaigns": campaigns})


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = Campaign.objects.select_related("addressee").filter(slug=slug).first()
    if campaign is None:
        raise Http404
    counts = selectors.campaign_counts(campaign)
    labels = dict(Address.Channel.choices)
    english = (get_language() or "").startswith("en")
    for row in counts["channels"]:
        row["label"] = labels.get(row["channel"], row["channel"])
    for key, field in (("categories", "category"), ("regions", "region")):
        for row in counts[key]:
            row["label"] = row[f"{field}__name_en" if english else f"{field}__name_ru"]
    return render(request, "addresses/campaign.html", {"campaign": campaign, **counts})
