"""The site's own pages: about (with its feeds and source) and privacy (what is kept, how long,
who sees it). Their figures come from the settings, so they stay true where an operator
changes them."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html", {"source_url": settings.HEARD_SOURCE_URL})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/privacy.html",
        {
            "retention_days": settings.HEARD_SIGNER_RETENTION_DAYS,
            "outbox_keep_days": settings.HEARD_OUTBOX_KEEP_DAYS,
        },
    )
