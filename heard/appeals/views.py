"""Public pages of collective appeals. Thin: validate, call one service or selector, render."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from heard.appeals import pages, regional, selectors, services
from heard.appeals.forms import AppealSearchForm
from heard.appeals.models import Appeal
from heard.appeals.pages import APPEAL_READ_SECONDS
from heard.core.errors import DomainError
from heard.core.page_copies import PageCopies


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "appeals/home.html",
        {
            "popular": selectors.appeal_list(listing=selectors.Listing.OPEN)[:6],
            "overdue": selectors.appeal_list(listing=selectors.Listing.OVERDUE)[:5],
            "responded": selectors.appeal_list(listing=selectors.Listing.RESPONDED)[:5],
            "counts": selectors.appeal_listing_counts(),
            **regional.popular_in_region(request),
        },
    )


def appeal_list(request: HttpRequest) -> HttpResponse:
    form = AppealSearchForm(request.GET or None)
    # A search without a chosen list looks through every state (open, closed, rejected).
    default = selectors.Listing.ALL if request.GET.get("q") else selectors.Listing.OPEN
    listing = request.GET.get("state") or default
    if listing not in selectors.Listing.CHOICES:
        listing = selectors.Listing.OPEN
    form.is_valid()  # a field that does not validate is left out; the others still apply
    cleaned = getattr(form, "cleaned_data", {})
    query = cleaned.get("q", "").strip()
    addressee = cleaned["addressee"].slug if cleaned.get("addressee") else ""
    sort = cleaned.get("sort", "")
    appeals = selectors.appeal_list(
        listing=listing, query=query, addressee_slug=addressee, sort=sort
    )
    page = Paginator(appeals, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/list.html",
        {
            "form": form,
            "listing": listing,
            "listings": selectors.Listing.CHOICES,
            "listing_labels": selectors.Listing.LABELS.items(),
            "counts": selectors.appeal_listing_counts(),
            "addressee_slug": addressee,
            "page": page,
            "sort": sort,
            "query_string": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# A visitor's page as a whole, per path, from the process's copy of the last second: in a
# spike every browser signer opens it before signing (core/page_copies.py).
APPEAL_PAGES = PageCopies(APPEAL_READ_SECONDS)


def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page (pages.py)."""
    return APPEAL_PAGES.answer(
        request, request.path, lambda extra: pages.appeal_page(request, pk, extra=extra)
    )


def appeal_created(request: HttpRequest) -> HttpResponse:
    """After the form: the initiator's own words (not a signer's "confirm your signature")."""
    return render(
        request,
        "appeals/created.html",
        {"moderation_days": settings.HEARD_MODERATION_TARGET_DAYS},
    )


@require_http_methods(["GET", "POST"])
def appeal_manage(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The initiator's private page: state, sponsor link, withdrawal before publication."""
    appeal = get_object_or_404(Appeal.objects.select_related("addressee"), pk=pk)
    if token != appeal.manage_token:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.appeal_withdraw(appeal=appeal, manage_token=token)
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("appeals:manage", pk=pk, token=token)
    return render(
        request,
        "appeals/manage.html",
        {
            "appeal": appeal,
            "sponsors": services.appeal_sponsor_count(appeal),
            "can_withdraw": appeal.status in Appeal.WITHDRAWABLE,
            "error": error,
        },
        status=409 if error else 200,
    )
