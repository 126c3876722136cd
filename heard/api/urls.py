from django.urls import path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from heard.api.addresses import router as addresses_router
from heard.api.appeals import router as appeals_router

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


api.add_router("/v1", appeals_router)
api.add_router("/v1", addresses_router)

urlpatterns = [path("", api.urls)]
