"""Bulk actions on the responder's queue: assign, answer from a template, merge into a primary,
leave without an answer on a ground, on the ticked addresses or on every address matching the
queue's filter (bulk_scope, decision 0517). The first POST shows what would change (how many
addresses, how many e-mails go out, how many copies stay open); only the confirming POST acts:
in the request up to HEARD_QUEUE_BULK_INLINE_MAX addresses, by a task with a progress page
beyond (decision 0521)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heard.addresses import rules, selectors
from heard.addresses.bulk_scope import CHOSEN, FILTER, BulkScope, bulk_limit, bulk_scope
from heard.addresses.models import Address, AnswerTemplate, BulkAction
from heard.addresses.services.bulk import addresses_bulk_apply, bulk_action_start
from heard.core.access import permission_first
from heard.core.choice_fields import ListedModelChoiceField
from heard.core.http_methods import post_or_redirect
from heard.offices.models import Addressee, Department

# Only these grounds make sense for many at once; the others need a look at each address.
BULK_GROUNDS = [
    (value, label)
    for value, label in Address.Ground.choices
    if value in (Address.Ground.NO_CONTACT, Address.Ground.UNREADABLE)
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label=_("With the chosen"),
        choices=[
            ("assign", _("assign to a department")),
            ("answer", _("answer from a template")),
            ("merge", _("merge into a primary address")),
            ("leave", _("leave without an answer on a ground")),
        ],
    )
    department = ListedModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    template = ListedModelChoiceField(
        label=_("Answer template"), queryset=AnswerTemplate.objects.none(), required=False
    )
    primary = forms.CharField(
        label=_("Number of the primary address"),
        max_length=40,
        required=False,
        help_text=_("Empty: the earliest received of them."),
    )
    ground = forms.ChoiceField(
        label=_("Ground"), choices=[("", "—"), *BULK_GROUNDS], required=False
    )

    def __init__(self, *args, addressee: Addressee, category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.addressee = addressee
        self.fields["department"].queryset = addressee.departments.all()
        templates = AnswerTemplate.objects.filter(addressee=addressee, active=True)
        if category is not None:
            # The topic's own templates first, then those for any topic, then the others.
            templates = templates.annotate(
                fit=Case(
                    When(category=category, then=Value(0)),
                    When(category__isnull=True, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            ).order_by("fit", "title")
        self.fields["template"].queryset = templates

    def clean(self):
        data = super().clean()
        needed = {"assign": "department", "answer": "template", "leave": "ground"}
        field = needed.get(data.get("action"))
        if field and not data.get(field):
            self.add_error(field, _("Choose this for the action."))
        if data.get("action") == "merge" and data.get("primary"):
            primary = selectors.address_by_number(addressee=self.addressee, number=data["primary"])
            if primary is None or primary.status not in Address.CAN_BE_PRIMARY:
                self.add_error("primary", _("No open address of this addressee has that number."))
            data["primary_address"] = primary
        return data

    def params(self, scope: BulkScope) -> dict:
        """What the action needs, by id, as a task stores it."""
        data = self.cleaned_data
        params = {"ground": data.get("ground") or ""}
        if data["department"] is not None:
            params["department"] = data["department"].pk
        if data["template"] is not None:
            params["template"] = data["template"].pk
        if data["action"] == "merge":
            primary = data.get("primary_address") or scope.addresses.order_by(
                "received_at", "pk"
            ).first()
            params["primary"] = primary.pk
        return params


def _render(request, addressee: Addressee, form: BulkForm, scope: BulkScope, status=200, **extra):
    context = {
        "addressee": addressee,
        "form": form,
        "scope": scope,
        "limit": bulk_limit(),
        "inline_max": settings.HEARD_QUEUE_BULK_INLINE_MAX,
    }
    return render(request, "addresses/bulk_confirm.html", context | extra, status=status)


def _preview(form: BulkForm, scope: BulkScope) -> dict:
    """How many addresses change and how many e-mails go out; for a merge, also how many copies
    stay open because they ask something of their own (the same split the merge makes)."""
    action = form.cleaned_data["action"]
    if action == "assign":
        return {"changes": scope.count, "emails": 0}
    if action != "merge":
        return {"changes": scope.count, "emails": scope.emails_if_told}
    from heard.triage.merging import merge_split

    primary = Address.objects.get(pk=form.params(scope)["primary"])
    split = merge_split(primary=primary, addresses=scope.addresses)
    return {
        "changes": len(split.merged),
        "emails": split.emails,
        "kept_open": len(split.kept_open),
        "primary": primary,
    }


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESSEE)
@post_or_redirect(
    lambda request, addressee: reverse("addresses:queue", args=[addressee.slug])
)
def queue_bulk(request: HttpRequest, addressee: Addressee) -> HttpResponse:
    scope = bulk_scope(addressee=addressee, data=request.POST)
    category = scope.view.chosen("category") if scope.view is not None else None
    form = BulkForm(request.POST, addressee=addressee, category=category)
    if scope.kind == CHOSEN and not scope.count:
        messages.error(request, _("Tick at least one address."))
        return redirect("addresses:queue", slug=addressee.slug)
    if not form.is_valid():
        return _render(request, addressee, form, scope, status=400)
    if scope.too_many or not scope.count:
        # Shown with its count and the limit, and no button to confirm.
        return _render(request, addressee, form, scope, status=400)
    # The preview (for a merge, the split of every address) is worked out only for a page that
    # shows it; the confirmed action splits again on what it changes.
    if request.POST.get("confirm") != "yes":
        return _render(request, addressee, form, scope, ready=True, **_preview(form, scope))
    if scope.kind == FILTER and request.POST.get("fingerprint") != scope.fingerprint:
        # The filter matches another set than the one confirmed: nothing changes until the
        # responder has seen the new counts and confirms them.
        return _render(
            request, addressee, form, scope, status=409, ready=True, changed=True,
            **_preview(form, scope),
        )
    action, params = form.cleaned_data["action"], form.params(scope)
    ids = list(scope.addresses.values_list("pk", flat=True))
    if len(ids) > settings.HEARD_QUEUE_BULK_INLINE_MAX:
        bulk, _created = bulk_action_start(
            addressee=addressee, actor=request.user, action=action, params=params,
            address_ids=ids,
        )
        return redirect("addresses:bulk_progress", pk=bulk.pk)
    outcome = addresses_bulk_apply(
        addressee=addressee, actor=request.user, action=action, params=params, address_ids=ids
    )
    _tell(request, outcome.changed, outcome.kept_open, outcome.refused)
    return redirect("addresses:queue", slug=addressee.slug)


def _tell(request, changed: int, kept_open: int, refused: list[str]) -> None:
    messages.success(
        request,
        ngettext("%(count)d address changed.", "%(count)d addresses changed.", changed)
        % {"count": changed},
    )
    if kept_open:
        messages.info(
            request,
            ngettext(
                "%(count)d address stays open: it asks something of its own.",
                "%(count)d addresses stay open: they ask something of their own.",
                kept_open,
            )
            % {"count": kept_open},
        )
    for line in refused[:20]:
        messages.error(request, line)


@permission_first("addresses.handle", scope=rules.HANDLED_BULK)
def bulk_progress(request: HttpRequest, bulk: BulkAction) -> HttpResponse:
    """How far a bulk action run by a task has come; the page is reloaded to see more."""
    return render(
        request,
        "addresses/bulk_progress.html",
        {
            "bulk": bulk,
            "addressee": bulk.addressee,
            "running": bulk.status in BulkAction.UNFINISHED,
        },
    )
