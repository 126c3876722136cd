"""The appeal's public page, rendered for its own view (views.appeal_detail) and for a sign form
the signatures app refused (signatures.views.signature_sign), which shows the same page with the
form's errors. A function of its own, so that signatures need not call appeals' views."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from heard.appeals import selectors
from heard.appeals.models import Appeal
from heard.core.hot_stack import is_visitor
from heard.signatures.forms import SignatureForm

APPEAL_READ_SECONDS = 1


def appeal_page(
    request: HttpRequest, pk: int, *, form: SignatureForm | None = None, extra: dict | None = None
) -> HttpResponse:
    """The public page; `form` is the bound sign form when a signature was refused; `extra` is
    added to the context (the CSRF token's hole when a copy is taken, core/page_copies.py).

    The parts every visitor sees alike are cached by the template (Django's `{% cache %}`, for
    HEARD_PAGE_CACHE_SECONDS; 0 caches nothing) under `page_version` and the language, so the
    lists below are lazy: a cached page reads only the appeal. Never cached: the CSRF token,
    messages, a bound form, anything that depends on the user."""
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
            **(extra or {}),
        },
        status=400 if form is not None else 200,
    )


def _appeal_for_page(request: HttpRequest, pk: int) -> Appeal | None:
    """Staff see the appeal as it is now; a visitor may get the copy this process read in the
    last second: in a spike nearly every page view is a visitor's, and reading the appeal with
    its addressee and response is half of a cached page's cost."""
    if settings.HEARD_PAGE_CACHE_SECONDS <= 0 or not is_visitor(request):
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
