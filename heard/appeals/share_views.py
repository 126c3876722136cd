"""The shared appeal's card image and the response's own page (what a shared answer opens)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from heard.appeals import cards, selectors
from heard.appeals.sharing import card_key

# A card asked for by its current version never changes; an old or missing version gets
# today's card for a short while (a site that kept an old link still gets a card).
CARD_VERSIONED_SECONDS = 7 * 86400
CARD_UNVERSIONED_SECONDS = 300


@require_safe
def appeal_card(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_public_get(pk=pk)
    if appeal is None:
        raise Http404
    response = HttpResponse(cards.card_png(appeal), content_type="image/png")
    current = request.GET.get("v") == card_key(appeal)
    patch_cache_control(
        response,
        public=True,
        max_age=CARD_VERSIONED_SECONDS if current else CARD_UNVERSIONED_SECONDS,
    )
    return response


@require_safe
def appeal_response(request: HttpRequest, pk: int) -> HttpResponse:
    """The official response on a page of its own, so that a shared answer opens on the answer
    (with its own card text) rather than on the sign form."""
    appeal = selectors.appeal_public_get(pk=pk)
    if appeal is None or appeal.responded_at is None:
        raise Http404
    return render(request, "appeals/response.html", {"appeal": appeal})
