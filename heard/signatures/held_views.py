"""Moderators' pages over held signatures: which appeals have some, the evidence for one appeal,
and releasing or invalidating them (holds.py). The permission is checked before anything is
read."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from heard.appeals.models import Appeal
from heard.core.access import permission_first
from heard.core.errors import DomainError
from heard.offices import rules
from heard.signatures import holds
from heard.signatures import invalidation as invalidations
from heard.signatures.staff_forms import HeldForm


@permission_first("offices.moderate")
def held_appeals(request: HttpRequest) -> HttpResponse:
    return render(request, "signatures/staff/held_list.html", {"rows": holds.appeals_with_held()})


@permission_first("offices.moderate", scope=rules.MODERATED_APPEAL)
@require_http_methods(["GET", "POST"])
def appeal_held(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    """GET: the evidence and the form; POST with action=release or action=invalidate."""
    form = HeldForm(request.POST if request.method == "POST" else None)
    error, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if form.is_valid() and action in ("release", "invalidate"):
            try:
                if action == "release":
                    holds.signatures_release(
                        appeal=appeal, moderator=request.user, **form.criteria()
                    )
                else:
                    invalidations.signatures_invalidate(
                        appeal=appeal,
                        moderator=request.user,
                        reason=form.cleaned_data["reason"],
                        held_only=True,
                        **form.criteria(),
                    )
                return redirect("offices:appeal_held", pk=appeal.pk)
            except DomainError as exc:
                error = exc.message
        elif form.is_valid():
            error = _("Choose to release or to invalidate.")
        status = 400
    return render(
        request,
        "signatures/staff/held.html",
        {
            "appeal": appeal,
            "form": form,
            "error": error,
            "evidence": holds.held_evidence(appeal=appeal),
        },
        status=status,
    )
