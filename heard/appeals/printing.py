"""The appeal as a PDF to hand to the addressee: demands, text, group, dates, counts by region,
thresholds and the response, drawn on the server by WeasyPrint (decision 0541).

WeasyPrint needs Debian's pango (libpango-1.0-0, libpangoft2-1.0-0) and a font with Cyrillic
(fonts-dejavu-core). It is imported only here, when a PDF is asked for, so that a server
without pango still serves every other page and answers this one with a 503 that says why.
Nothing is fetched while drawing: the stylesheet is read from our static files and every other
URL (an image in the appeal's Markdown, say) is refused, so a text cannot make the server fetch
an address of its choosing.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from heard.appeals import selectors
from heard.appeals.models import Appeal
from heard.appeals.sharing import absolute_url
from heard.core import clock, regionmap

logger = logging.getLogger(__name__)

PDF_SECONDS = 300  # how long caches may keep a PDF; the server's copy lasts until it changes
PRINTED_NAMES = 500  # the newest consenting signers' names printed; the count covers all
STYLESHEET = "heard/appeal-print.css"
# The region map's colours as the page's stylesheet has them, and on paper no hover caption.
MAP_STYLE = (
    "rect{fill:#eef1f4;stroke:#8a97a6;stroke-width:1}"
    ".step-1 rect,rect.step-1{fill:#c6dbef}.step-2 rect,rect.step-2{fill:#9ecae1}"
    ".step-3 rect,rect.step-3{fill:#5a9fd0}.step-4 rect,rect.step-4{fill:#1f66a8}"
    ".step-5 rect,rect.step-5{fill:#0b2f5c}"
    "text{font-family:'DejaVu Sans',sans-serif;font-size:13px;fill:#1b1b1b}"
    ".tile-label{font-weight:bold}.step-4 .tile-label,.step-5 .tile-label{fill:#fff}"
    ".tile-info,.map-hint{display:none}"
)


class PrintUnavailable(Exception):
    """WeasyPrint or the libraries under it are missing on this server."""


@require_safe
def appeal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_public_get(pk=pk)
    if appeal is None:
        raise Http404
    try:
        pdf = appeal_pdf_bytes(appeal)
    except PrintUnavailable:
        return HttpResponse(
            _("PDFs cannot be made on this server now: its PDF library is not installed."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="appeal-{appeal.pk}.pdf"'
    patch_cache_control(response, public=True, max_age=PDF_SECONDS)
    return response


def _version(appeal: Appeal) -> str:
    marks = (
        appeal.pk,
        appeal.title,
        appeal.status,
        appeal.signature_count,
        appeal.counted_at,
        appeal.response_threshold_reached_at,
        appeal.consideration_threshold_reached_at,
        appeal.responded_at,
        get_language(),
    )
    return hashlib.sha256(repr(marks).encode()).hexdigest()[:16]


def appeal_pdf_bytes(appeal: Appeal) -> bytes:
    """The PDF as the appeal stands, from the cache while nothing it shows has changed."""
    key = f"appeal-pdf:{_version(appeal)}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(appeal_print_html(appeal))
        cache.set(key, pdf, 86400)
    return pdf


def appeal_print_html(appeal: Appeal) -> str:
    region_counts = selectors.appeal_region_counts(appeal)
    figures = regionmap.region_figures(
        [(row.region.code, row.region.name, row.count) for row in region_counts]
    )
    return render_to_string(
        "appeals/print/appeal.html",
        {
            "appeal": appeal,
            "url": absolute_url(appeal.get_absolute_url()),
            "printed_at": clock.now(),
            "region_counts": region_counts,
            "region_total": sum(row.count for row in region_counts),
            "region_map": regionmap.region_map_svg(
                ident="print-regions",
                title=_("Signatures by region"),
                figures=figures,
                style=MAP_STYLE,
            ),
            "progress": selectors.appeal_progress(appeal),
            "response_state": selectors.appeal_response_state(appeal),
            # The same rule as the page: only signers who agreed to be named, and no e-mail.
            "public_names": selectors.appeal_public_names(appeal, limit=PRINTED_NAMES),
            "printed_names": PRINTED_NAMES,
            "SITE_NAME": settings.SITE_NAME,
        },
    )


def render_pdf(html: str) -> bytes:
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: pango's libraries are not there
        logger.error("WeasyPrint cannot be loaded: %s", error)
        raise PrintUnavailable from error

    class NothingFetched(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"not fetched while printing: {url}")

    fetcher = NothingFetched()
    with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
        css = CSS(string=stylesheet.read(), url_fetcher=fetcher)
    document = HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[css])
