from django.db import InterfaceError, OperationalError
from django.urls import path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from heard.api.addresses import router as addresses_router
from heard.api.appeals import router as appeals_router
from heard.api.events import router as events_router

api = NinjaAPI(
    title="heard API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    description="Public register of appeals: lists, counts, responses and signing.",
)


@api.exception_handler(ValidationError)
def validation_failed(request, exc: ValidationError):
    reasons = []
    for error in exc.errors:
        where = ".".join(
            str(part) for part in error.get("loc", ()) if part not in ("body", "payload")
        )
        reasons.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return api.create_response(
        request,
        {
            "code": "invalid_input",
            "detail": "; ".join(reasons) or _("Invalid input."),
            "errors": exc.errors,
        },
        status=400,
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_away(request, exc):
    """While the database restarts nothing is stored and nothing is read: say so, as a 503 any
    client can retry, on every endpoint (not an IntegrityError: that is a bug, not "try again")."""
    return api.create_response(request, unavailable(), status=503)


def unavailable() -> dict:
    detail = _("The service is briefly unavailable. Please try again in a minute.")
    return {"code": "unavailable", "detail": detail}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Ninja's own errors in the house shape; a body it could not parse is the caller's fault."""
    unparsable = exc.status_code == 400 and isinstance(exc.__cause__, ValueError)
    return api.create_response(
        request,
        {
            "code": "invalid_input" if unparsable else "http_error",
            "detail": _("The request body is not valid JSON.") if unparsable else str(exc),
        },
        status=exc.status_code,
    )


api.add_router("/v1", appeals_router)
api.add_router("/v1", addresses_router)
api.add_router("/v1", events_router)

urlpatterns = [path("", api.urls)]
