"""Pages of intermediary organisations: registration, log-in, cases, submitting for members."""

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from heard.accounts.signup import organisation_signup
from heard.addresses import rules, selectors, services
from heard.addresses.forms import OrganisationAddressForm, OrganisationRegisterForm
from heard.addresses.models import Address, Organisation
from heard.addresses.views.public import sent_grant_keep
from heard.core.access import permission_first
from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash, too_many
from heard.signatures.emails import email_digest

ORGANISATION_LOGIN = "addresses:organisation_login"

login = auth_views.LoginView.as_view(
    template_name="addresses/organisation_login.html",
    next_page=reverse_lazy("addresses:organisation_home"),
)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        contact = request.POST.get("email", "").strip()
        verdict = limits_check(
            action="organisation",
            ip_hash=request_ip_hash(request),
            email_digest=email_digest(contact) if contact else "",
        )
        if verdict.exceeded:
            return too_many(request, verdict)
    form = OrganisationRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same page whether or not the address already has an account (the mail differs).
        organisation_signup(**form.cleaned_data)
        return render(request, "addresses/organisation_registered.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "addresses/organisation_register.html", {"form": form}, status=status)


@permission_first("addresses.organisation_member", login_url=ORGANISATION_LOGIN)
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.organisations_for(request.user))
    if len(organisations) == 1:
        return redirect("addresses:organisation_cases", slug=organisations[0].slug)
    return render(request, "addresses/organisation_home.html", {"organisations": organisations})


@permission_first(
    "addresses.organisation_member", scope=rules.OWN_ORGANISATION, login_url=ORGANISATION_LOGIN
)
def cases(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    page = Paginator(selectors.organisation_cases(organisation=organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "addresses/organisation_cases.html",
        {
            "organisation": organisation,
            "page": page,
            "can_submit": organisation.status in Organisation.CAN_SUBMIT,
        },
    )


@permission_first(
    "addresses.organisation_member", scope=rules.OWN_ORGANISATION, login_url=ORGANISATION_LOGIN
)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if organisation.status not in Organisation.CAN_SUBMIT:
        return render(
            request,
            "addresses/organisation_cases.html",
            {"organisation": organisation, "page": None, "can_submit": False},
            status=403,
        )
    form = OrganisationAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            address, code = services.address_receive(
                addressee=data["addressee"],
                **form.address_fields(),
                channel=Address.Channel.WEB,
                language=get_language(),
                organisation=organisation,
                member_consent=data["member_consent"],
                submitted_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            # POST/redirect/GET: a reload of the receipt registers nothing twice.
            sent_grant_keep(
                request, address=address, show_code=True, organisation=organisation.slug
            )
            return redirect("addresses:sent")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "addresses/organisation_submit.html",
        {"organisation": organisation, "form": form},
        status=status,
    )
