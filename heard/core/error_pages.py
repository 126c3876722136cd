"""Error pages in the site's layout and language, each with a way on.

Django renders 400, 403 and 404 with the request (404.html and friends are enough); these two
it renders without one, so the header's language links and the site's name would be lost:
- the CSRF failure page (CSRF_FAILURE_VIEW), which offers the form's page again;
- the 500 page (handler500), which runs no context processor: it must not touch the database
  that may be why it is shown, and falls back to plain text if even the template fails."""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", {"again": request.get_full_path()}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.get_template("500.html").render(
            {"request": request, "SITE_NAME": settings.SITE_NAME}
        )
    except Exception:  # the error page must not fail in turn
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(
            "<h1>Server Error (500)</h1>", content_type="text/html; charset=utf-8"
        )
    return HttpResponseServerError(body)
