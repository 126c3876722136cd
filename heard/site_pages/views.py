"""The site's own pages; each only reads (content.py) and renders."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from heard.site_pages import content


def _contact() -> dict[str, str]:
    return {
        "operator": settings.HEARD_OPERATOR_NAME,
        "email": settings.HEARD_CONTACT_EMAIL,
        "postal": settings.HEARD_CONTACT_POSTAL,
    }


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html", {"contact": _contact()})


@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/rules.html",
        {
            "rules": content.rejection_rules(),
            "grounds": content.address_grounds(),
            "addressees": content.addressee_terms(),
            "moderation_days": settings.HEARD_MODERATION_TARGET_DAYS,
        },
    )


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {"retention": content.retention(), "contact": _contact()},
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html", {"contact": _contact()})


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact.html", {"contact": _contact()})


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where a page names no icon (the API's JSON, a PDF). The
    address is looked up per request: production's static manifest exists only after
    collectstatic, and a lookup at import would break `check --deploy` before it."""
    return redirect(static("heard/icons/favicon-32.png"))
