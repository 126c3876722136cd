"""Staff pages over signatures: the moderators' fraud page of an appeal (trend reports, bulk
invalidation with a preview, reversal) and the addressee's export of an appeal's signatures."""

import contextlib
import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from heard.appeals.models import Appeal
from heard.core.access import permission_first
from heard.core.errors import DomainError
from heard.offices import rules as office_rules
from heard.signatures import invalidation as invalidations
from heard.signatures import rules, selectors
from heard.signatures.models import SignatureInvalidation
from heard.signatures.staff_forms import InvalidationForm


@permission_first("offices.moderate", scope=office_rules.MODERATED_APPEAL)
@require_http_methods(["GET", "POST"])
def appeal_fraud(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    """GET with criteria shows how many signatures they match; POST invalidates them."""
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = InvalidationForm(data)
    preview = error = None
    status = 200
    if form.is_bound and form.is_valid():
        try:
            if request.method == "POST":
                invalidations.signatures_invalidate(
                    appeal=appeal,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                    **form.criteria(),
                )
                return redirect("offices:appeal_fraud", pk=appeal.pk)
            preview = invalidations.signatures_matching(appeal=appeal, **form.criteria()).count()
        except DomainError as exc:
            error, status = exc.message, 400
    elif form.is_bound:
        status = 400
    return render(
        request,
        "signatures/staff/fraud.html",
        {
            "appeal": appeal,
            "form": form,
            "preview": preview,
            "error": error,
            "reports": appeal.trend_reports.all()[:24],
            "invalidations": appeal.invalidations.all()[:50],
        },
        status=status,
    )


@permission_first("offices.moderate", scope=rules.MODERATED_INVALIDATION)
@require_POST
def invalidation_reverse(request: HttpRequest, invalidation: SignatureInvalidation) -> HttpResponse:
    with contextlib.suppress(DomainError):  # reversed already: the page shows it so
        invalidations.signature_invalidation_reverse(
            invalidation=invalidation, moderator=request.user
        )
    return redirect("offices:appeal_fraud", pk=invalidation.appeal_id)


@permission_first("offices.respond", scope=office_rules.ANSWERED_APPEAL)
def appeal_signatures_export(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    """CSV for the addressee: counts by region, then only the names shown with consent."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appeal-{appeal.pk}-signatures.csv"'
    writer = csv.writer(response)
    writer.writerow([_("region"), _("signatures")])
    for name, count in selectors.appeal_region_counts(appeal=appeal):
        writer.writerow([name, count])
    writer.writerow([_("total"), appeal.signature_count])
    writer.writerow([])
    writer.writerow([_("names shown with the signer's consent")])
    for name in selectors.appeal_consenting_names(appeal=appeal):
        writer.writerow([_csv_safe(name)])
    return response


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with these as formulas."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
