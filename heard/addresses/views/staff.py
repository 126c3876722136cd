"""The addressee's office: queues per department, one address with its actions, staff entry of
addresses from other channels, verification of organisations."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from heard.addresses import forms, rules, selectors, services
from heard.addresses.bulk_scope import bulk_limit
from heard.addresses.models import Address, Organisation
from heard.addresses.queue_forms import queue_matching
from heard.addresses.queue_rows import queue_rows
from heard.addresses.related import address_related
from heard.addresses.views.bulk import BulkForm
from heard.addresses.views.public import sent_grant_keep
from heard.core.access import permission_first
from heard.core.audit import audit_events_for
from heard.core.cleaning.rules import id_from
from heard.core.errors import DomainError
from heard.core.http_methods import post_or_redirect
from heard.offices.models import Addressee

ACTIONS = ("assign", "answer", "extend", "forward", "merge", "leave")


@permission_first("addresses.handle")
def home(request: HttpRequest) -> HttpResponse:
    addressees = rules.addressees_handled(request.user)
    return render(
        request,
        "addresses/staff_home.html",
        {
            "rows": [
                (addressee, selectors.address_queue_counts(addressee=addressee))
                for addressee in addressees
            ],
            "can_verify": rules.can_verify_organisations(request.user),
        },
    )


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESSEE)
def queue(request: HttpRequest, addressee: Addressee) -> HttpResponse:
    view = queue_matching(addressee=addressee, params=request.GET)
    total, total_estimated = selectors.address_queue_total(view.addresses)
    shown = ("organisation", "campaign", "identity_verification")
    page = selectors.address_queue_page(
        addresses=view.addresses.select_related(*shown),
        unsearched=view.unsearched.select_related(*shown) if view.unsearched is not None else None,
        text=view.text,
        cursor=request.GET.get("after", ""),
    )
    return render(
        request,
        "addresses/queue.html",
        {
            "addressee": addressee,
            "department": view.department,
            "departments": addressee.departments.all(),
            "listing": view.listing,
            "listings": selectors.Queue.CHOICES,
            "filters": view.filters,
            "filters_open": view.filters_open,
            "bulk_form": BulkForm(addressee=addressee, category=view.chosen("category")),
            "page": page,
            "rows": queue_rows(page.object_list, addressee=addressee),
            "total": total,
            "total_estimated": total_estimated,
            "query_string": _without_page(request),
            "bulk_limit": bulk_limit(),
            "awaiting_registration": selectors.addresses_awaiting_registration(addressee=addressee),
        },
    )


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESSEE)
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest, addressee: Addressee) -> HttpResponse:
    form = forms.StaffEntryForm(
        request.POST or None,
        addressee=addressee,
        initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            address, code = services.address_receive(
                addressee=addressee,
                **form.address_fields(),
                channel=data["channel"],
                received_at=data["received_at"],
                entered_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            # POST/redirect/GET: a reload of the receipt registers nothing twice.
            sent_grant_keep(request, address=address, show_code=True, entered=True)
            return redirect("addresses:sent")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "addresses/enter.html", {"form": form, "addressee": addressee}, status=status
    )


def _action_forms(
    address: Address, data=None, only: str | None = None, template=None
) -> dict:
    addressee = address.addressee
    answer_initial = {"office": addressee.name}
    if template is not None:
        answer_initial["text"] = template.text
    builders = {
        "assign": lambda d: forms.AssignForm(d, addressee=addressee, prefix="assign"),
        "answer": lambda d: forms.AnswerForm(d, prefix="answer", initial=answer_initial),
        "extend": lambda d: forms.ExtendForm(d, prefix="extend"),
        "forward": lambda d: forms.ForwardForm(d, addressee=addressee, prefix="forward"),
        "merge": lambda d: forms.MergeForm(d, prefix="merge"),
        "leave": lambda d: forms.LeaveForm(d, prefix="leave"),
    }
    return {name: build(data if name == only else None) for name, build in builders.items()}


def _render_detail(request, address: Address, action_forms: dict, error=None, status=200):
    return render(
        request,
        "addresses/staff_detail.html",
        {
            "address": address,
            "forms": action_forms,
            "history": audit_events_for(subject=address),
            "urgency": selectors.address_urgency(address),
            "due_steps": selectors.address_due_steps(address),
            "templates": selectors.answer_templates_for(address),
            "related": address_related(address),
            "merged_count": address.merged.count(),
            "can_act": address.status in Address.IN_PROGRESS,
            "event_form": _event_form(address),
            "error": error,
        },
        status=status,
    )


def _event_form(address: Address):
    """A notice of a public event is answered with the outcomes the law allows."""
    if address.kind != Address.Kind.EVENT_NOTICE or address.status not in Address.ANSWERABLE:
        return None
    from heard.addresses.views.events import EventAnswerForm

    return EventAnswerForm()


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESS)
def detail(request: HttpRequest, address: Address) -> HttpResponse:
    """?template=<id> fills the answer with one of the office's templates, to edit."""
    template_id = id_from(request.GET.get("template", ""))
    template = None
    if template_id is not None:
        template = selectors.answer_templates_for(address).filter(pk=template_id).first()
    return _render_detail(request, address, _action_forms(address, template=template))


def _perform(action: str, address: Address, user, data: dict) -> None:
    if action == "assign":
        services.address_assign(address=address, actor=user, department=data["department"])
    elif action == "answer":
        services.address_answer(address=address, actor=user, **data)
    elif action == "extend":
        services.address_extend(address=address, actor=user, **data)
    elif action == "forward":
        services.address_forward(address=address, actor=user, **data)
    elif action == "merge":
        primary = selectors.address_by_number(addressee=address.addressee, number=data["primary"])
        if primary is None:
            raise DomainError(_("No address of this addressee has that number."))
        services.address_merge(address=address, primary=primary, actor=user)
    elif action == "leave":
        earlier = None
        if data["earlier"]:
            earlier = selectors.address_by_number(
                addressee=address.addressee, number=data["earlier"]
            )
        services.address_leave(
            address=address,
            actor=user,
            ground=data["ground"],
            note=data["note"],
            earlier=earlier,
            crime_reported_to=data["crime_reported_to"],
        )


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESS)
@post_or_redirect(
    lambda request, address, action: reverse("addresses:staff_detail", args=[address.pk])
)
def act(request: HttpRequest, address: Address, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    action_forms = _action_forms(address, request.POST, only=action)
    form = action_forms[action]
    if not form.is_valid():
        return _render_detail(request, address, action_forms, status=400)
    try:
        _perform(action, address, request.user, form.cleaned_data)
    except DomainError as error:
        return _render_detail(request, address, action_forms, error=error.message, status=409)
    address.refresh_from_db(fields=["addressee"])  # forwarding may have moved it away
    if rules.can_handle(request.user, address.addressee):
        return redirect("addresses:staff_detail", pk=address.pk)
    return redirect("addresses:staff_home")


@permission_first("addresses.verify_organisations")
def organisations_review(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.order_by("status", "-created_at")
    return render(request, "addresses/organisations_review.html", {"organisations": organisations})


@permission_first("addresses.verify_organisations", scope=rules.VERIFIED_ORGANISATION)
@post_or_redirect(lambda request, organisation: reverse("addresses:organisations"))
def organisation_verify(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    try:
        services.organisation_verify(organisation=organisation, actor=request.user)
    except DomainError as error:
        return render(
            request,
            "addresses/organisations_review.html",
            {"organisations": [organisation], "error": error.message},
            status=409,
        )
    return redirect("addresses:organisations")


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    return query.urlencode()
