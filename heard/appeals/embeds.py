"""What other sites put on their pages: a live counter in a frame and an SVG badge.

The counter is the one route any site may frame: its own CSP `frame-ancestors` (from
HEARD_WIDGET_FRAME_ANCESTORS) and no X-Frame-Options, where every other page keeps
`frame-ancestors 'none'` and `DENY` (decision 0541). It refreshes itself with a meta refresh,
so the embedding site runs no script of ours and we run none of theirs.
"""

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from heard.appeals import selectors
from heard.appeals.cards import card_font
from heard.appeals.sharing import next_threshold

WIDGET_SECONDS = 60  # the page's own refresh and how long caches may keep it
BADGE_SECONDS = 300
BADGE_TITLE_CHARS = 48


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": settings.HEARD_WIDGET_FRAME_ANCESTORS})
@cache_control(public=True, max_age=WIDGET_SECONDS)
def appeal_widget(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_public_get(pk=pk)
    if appeal is None:
        raise Http404
    return render(
        request,
        "appeals/widget.html",
        {
            "appeal": appeal,
            "progress": next_threshold(appeal, appeal.signature_count),
            "refresh_seconds": WIDGET_SECONDS,
        },
    )


@require_safe
@cache_control(public=True, max_age=BADGE_SECONDS)
def appeal_badge(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_public_get(pk=pk)
    if appeal is None:
        raise Http404
    return HttpResponse(badge_svg(appeal), content_type="image/svg+xml; charset=utf-8")


def badge_svg(appeal) -> str:
    """A shields-style badge: the title on grey, the count on blue; widths measured in the
    card's font, so the text fits wherever DejaVu Sans or a font of its size is used."""
    title = Truncator(appeal.title).chars(BADGE_TITLE_CHARS)
    count = number_format(appeal.signature_count, force_grouping=True)
    count_text = ngettext("%(count)s signature", "%(count)s signatures", appeal.signature_count) % {
        "count": count
    }
    font = card_font(False, 11)
    left = int(font.getlength(title)) + 12
    right = int(font.getlength(count_text)) + 12
    width = left + right
    label = escape(f"{title}: {count_text}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{label}">'
        f"<title>{label}</title>"
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="#0b57d0"/>'
        '<g fill="#fff" font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="11">'
        f'<text x="6" y="14">{escape(title)}</text>'
        f'<text x="{left + 6}" y="14">{escape(count_text)}</text>'
        "</g></svg>"
    )
