"""Bulk actions on the responder's queue: assign, answer from a template, leave without an
answer on a ground, on the ticked addresses or on every address matching the queue's filter
(bulk_scope, decision 0517). The first POST shows what would change (how many addresses, how many
e-mails go out); only the confirming POST acts, one address at a time, each through its own
service (audited, guarded); then back to the queue."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from heard.addresses import rules, services
from heard.addresses.bulk_scope import CHOSEN, FILTER, BulkScope, bulk_limit, bulk_scope
from heard.addresses.models import Address, AnswerTemplate
from heard.core.access import permission_first
from heard.core.errors import DomainError
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
            ("leave", _("leave without an answer on a ground")),
        ],
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    template = forms.ModelChoiceField(
        label=_("Answer template"), queryset=AnswerTemplate.objects.none(), required=False
    )
    ground = forms.ChoiceField(
        label=_("Ground"), choices=[("", "—"), *BULK_GROUNDS], required=False
    )

    def __init__(self, *args, addressee: Addressee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = addressee.departments.all()
        self.fields["template"].queryset = AnswerTemplate.objects.filter(
            addressee=addressee, active=True
        )

    def clean(self):
        data = super().clean()
        needed = {"assign": "department", "answer": "template", "leave": "ground"}
        field = needed.get(data.get("action"))
        if field and not data.get(field):
            self.add_error(field, _("Choose this for the action."))
        return data


def _render(request, addressee: Addressee, form: BulkForm, scope: BulkScope, status=200, **extra):
    context = {"addressee": addressee, "form": form, "scope": scope, "limit": bulk_limit()}
    return render(request, "addresses/bulk_confirm.html", context | extra, status=status)


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESSEE)
@require_POST
def queue_bulk(request: HttpRequest, addressee: Addressee) -> HttpResponse:
    form = BulkForm(request.POST, addressee=addressee)
    scope = bulk_scope(addressee=addressee, data=request.POST)
    if scope.kind == CHOSEN and not scope.count:
        messages.error(request, _("Tick at least one address."))
        return redirect("addresses:queue", slug=addressee.slug)
    if not form.is_valid():
        return _render(request, addressee, form, scope, status=400)
    if scope.too_many or not scope.count:
        # Shown with its count and the limit, and no button to confirm.
        return _render(request, addressee, form, scope, status=400)
    emails = 0 if form.cleaned_data["action"] == "assign" else scope.emails_if_told
    if request.POST.get("confirm") != "yes":
        return _render(request, addressee, form, scope, emails=emails, ready=True)
    if scope.kind == FILTER and request.POST.get("fingerprint") != scope.fingerprint:
        # The filter matches another set than the one confirmed: nothing changes until the
        # responder has seen the new counts and confirms them.
        return _render(
            request, addressee, form, scope, status=409, emails=emails, ready=True, changed=True
        )
    done, refused = 0, []
    for address in scope.addresses.select_related("addressee"):
        try:
            _act(address, request.user, form.cleaned_data, office=addressee.name)
        except DomainError as error:
            refused.append(f"{address.number}: {error.message}")
        else:
            done += 1
    messages.success(
        request,
        ngettext("%(count)d address changed.", "%(count)d addresses changed.", done)
        % {"count": done},
    )
    for line in refused[:20]:
        messages.error(request, line)
    return redirect("addresses:queue", slug=addressee.slug)


def _act(address: Address, user, data: dict, *, office: str) -> None:
    if data["action"] == "assign":
        services.address_assign(address=address, actor=user, department=data["department"])
    elif data["action"] == "answer":
        services.address_answer(
            address=address, actor=user, text=data["template"].text, office=office
        )
    else:
        services.address_leave(address=address, actor=user, ground=data["ground"])
