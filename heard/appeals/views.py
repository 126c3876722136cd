"""Public pages of collective appeals. Thin: validate, call one service or selector, render."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from heard.appeals import selectors, services
from heard.appeals.forms import AppealForm, AppealSearchForm
from heard.appeals.models import Appeal
from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash
from heard.core.snapshots import snapshot
from heard.signatures.forms import SignatureForm
from heard.signatures.models import Signature


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "appeals/home.html",
        {
            "popular": selectors.appeal_list(listing=selectors.Listing.OPEN)[:6],
            "overdue": selectors.appeal_list(listing=selectors.Listing.OVERDUE)[:5],
            "responded": selectors.appeal_list(listing=selectors.Listing.RESPONDED)[:5],
            "counts": selectors.appeal_listing_counts(),
        },
    )


def appeal_list(request: HttpRequest) -> HttpResponse:
    form = AppealSearchForm(request.GET or None)
    listing = request.GET.get("state", selectors.Listing.OPEN)
    if listing not in selectors.Listing.CHOICES:
        listing = selectors.Listing.OPEN
    query, addressee = "", ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        addressee = form.cleaned_data["addressee"].slug if form.cleaned_data["addressee"] else ""
    appeals = selectors.appeal_list(listing=listing, query=query, addressee_slug=addressee)
    page = Paginator(appeals, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/list.html",
        {
            "form": form,
            "listing": listing,
            "listings": selectors.Listing.CHOICES,
            "counts": selectors.appeal_listing_counts(),
            "addressee_slug": addressee,
            "page": page,
            "query_string": _without_page(request),
        },
    )


def _posted(request: HttpRequest):
    """The submitted data, even when empty: an empty POST is bound and reports what is missing."""
    return request.POST if request.method == "POST" else None


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


APPEAL_READ_SECONDS = 1


@snapshot(APPEAL_READ_SECONDS)
def appeal_detail(request: HttpRequest, pk: int, form: SignatureForm | None = None) -> HttpResponse:
    """The public page; `form` is the bound sign form when a signature was refused.

    The parts every visitor sees alike are cached by the template (Django's `{% cache %}`, for
    HEARD_PAGE_CACHE_SECONDS; 0 caches nothing) under `page_version` and the language, so the
    lists below are lazy: a cached page reads only the appeal. Never cached: the CSRF token,
    messages, a bound form, anything that depends on the user. A visitor's page as a whole comes
    from the process's copy of the last second (`@snapshot`, core/snapshots.py)."""
    appeal = _appeal_for_page(request, pk)
    if appeal is None:
        raise Http404
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "page_version": _page_version(appeal),
            "page_cache_seconds": settings.HEARD_PAGE_CACHE_SECONDS,
            "form": form,
            "blank_form": SimpleLazyObject(SignatureForm),
            "progress": selectors.appeal_progress(appeal),
            "response_state": selectors.appeal_response_state(appeal),
            "response_days_late": selectors.appeal_response_days_late(appeal),
            "region_counts": SimpleLazyObject(lambda: selectors.appeal_region_counts(appeal)),
            "public_names": SimpleLazyObject(lambda: selectors.appeal_public_names(appeal)),
            "history": selectors.appeal_history(appeal),
        },
        status=400 if form is not None else 200,
    )


def _appeal_for_page(request: HttpRequest, pk: int) -> Appeal | None:
    """Staff see the appeal as it is now; a visitor may get the copy this process read in the
    last second: in a spike nearly every page view is a visitor's, and reading the appeal with
    its addressee and response is half of a cached page's cost."""
    if settings.HEARD_PAGE_CACHE_SECONDS <= 0 or request.user.is_authenticated:
        return selectors.appeal_public_get(pk=pk)
    key = f"appeal-page:{pk}"
    appeal = cache.get(key)
    if appeal is None:
        appeal = selectors.appeal_public_get(pk=pk)
        if appeal is not None:
            cache.set(key, appeal, APPEAL_READ_SECONDS)
    return appeal


def _page_version(appeal: Appeal) -> str:
    """Changes with every transition and every count, so these show at once; what it leaves
    out (edits in the admin, an addressee's thresholds, a due date passing) shows within
    HEARD_PAGE_CACHE_SECONDS."""
    marks = (
        appeal.status,
        appeal.signature_count,
        appeal.counted_at,
        appeal.response_threshold_reached_at,
        appeal.consideration_threshold_reached_at,
        appeal.responded_at,
    )
    return "|".join(str(mark) for mark in marks)


def appeal_created(request: HttpRequest) -> HttpResponse:
    """After the form: the initiator's own words (not a signer's "confirm your signature")."""
    return render(
        request,
        "appeals/created.html",
        {"moderation_days": settings.HEARD_MODERATION_TARGET_DAYS},
    )


@require_http_methods(["GET", "POST"])
def appeal_create(request: HttpRequest) -> HttpResponse:
    form = AppealForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from heard.signatures.emails import email_digest
        from heard.signatures.privacy import client_ip

        ip = client_ip(request)
        # Over a limit the draft is kept and its initiator's link is held for a moderator;
        # the initiator sees the usual page (decision 0508).
        verdict = limits_check(
            action="appeal",
            ip_hash=request_ip_hash(request),
            email_digest=email_digest(data["initiator_email"]),
        )
        services.appeal_create(
            addressee=data["addressee"],
            title=data["title"],
            demands=data["demands"],
            text=data["text"],
            group_name=data["group_name"],
            initiator_name=data["initiator_name"],
            initiator_email=data["initiator_email"],
            region=data["region"],
            video_url=data["video_url"],
            telegram_url=data["telegram_url"],
            document_url=data["document_url"],
            language=get_language(),
            ip=ip,
            held=verdict.exceeded,
        )
        return redirect("appeals:created")
    status = 400 if request.method == "POST" else 200
    return render(request, "appeals/create.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def appeal_sponsor(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The page behind the sponsor link the initiator passes on."""
    appeal = get_object_or_404(Appeal.objects.select_related("addressee"), pk=pk)
    if token != appeal.sponsor_token or appeal.status not in Appeal.SPONSORABLE:
        raise Http404
    form = SignatureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        from heard.signatures.privacy import client_ip
        from heard.signatures.services import signature_create

        try:
            # Sponsors go through the same fraud rules as signers: their IP hash is kept too.
            signature_create(
                appeal=appeal,
                role=Signature.Role.SPONSOR,
                language=get_language(),
                ip=client_ip(request),
                **form.signing_kwargs(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("signatures:check_email")
    status = 400 if request.method == "POST" else 200
    return render(request, "appeals/sponsor.html", {"appeal": appeal, "form": form}, status=status)


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
