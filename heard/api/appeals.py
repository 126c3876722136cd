"""The appeals API (v1): thin endpoints over selectors and services."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from heard.api.errors import api_error
from heard.api.schemas import (
    AppealDetailOut,
    AppealSummaryOut,
    CountOut,
    ErrorOut,
    RegionOut,
    SignatureAcceptedOut,
    SignatureIn,
)
from heard.api.serializers import appeal_detail_out, appeal_summary_out
from heard.appeals import selectors
from heard.appeals.models import Appeal
from heard.attachments.selectors import attachment_api_row, attachments_public_of
from heard.core.errors import DomainError
from heard.offices.models import Region
from heard.signatures import lookups
from heard.signatures import services as signature_services
from heard.signatures.privacy import client_ip

router = Router(tags=["appeals"])

COUNT_MAX_AGE = 10
PAGE_SIZE = 50
# Beyond this the offset overflows the databases' integers; no listing is that long.
MAX_PAGE = 100_000


def not_found() -> Status:
    return api_error(404, "not_found", _("No public appeal with this id."))


class ListFilters(Schema):
    state: str = selectors.Listing.OPEN
    q: str = ""
    addressee: str = ""
    page: int = 1


@router.get("/appeals", response={200: list[AppealSummaryOut], 400: ErrorOut})
def appeal_list(request: HttpRequest, response: HttpResponse, filters: Query[ListFilters]):
    """Public appeals in one listing: open, awaiting_response, responded, overdue, closed,
    rejected or all; 50 a page, the total in the X-Total-Count header."""
    if filters.state not in selectors.Listing.CHOICES:
        return api_error(400, "invalid_state", _("Unknown listing: %s") % filters.state)
    if not 1 <= filters.page <= MAX_PAGE or len(filters.q) > 200:
        return api_error(
            400,
            "invalid_query",
            _("Page must be from 1 to %(max)d; q at most 200 characters.") % {"max": MAX_PAGE},
        )
    appeals = selectors.appeal_list(
        listing=filters.state, query=filters.q.strip(), addressee_slug=filters.addressee
    )
    response["X-Total-Count"] = str(appeals.count())
    start = (filters.page - 1) * PAGE_SIZE
    page = appeals[start : start + PAGE_SIZE]
    return Status(200, [appeal_summary_out(appeal) for appeal in page])


@router.get("/appeals/{appeal_id}", response={200: AppealDetailOut, 404: ErrorOut})
def appeal_detail(request: HttpRequest, appeal_id: int):
    appeal = selectors.appeal_public_get(pk=appeal_id)
    if appeal is None:
        return not_found()
    attachments = [
        attachment_api_row(attachment)
        for attachment in attachments_public_of(appeal=appeal)
    ]
    return Status(200, {**appeal_detail_out(appeal), "attachments": attachments})


@router.get("/appeals/{appeal_id}/count", response={200: CountOut, 404: ErrorOut})
def appeal_count(request: HttpRequest, response: HttpResponse, appeal_id: int):
    """The signature count alone, cheap and cacheable: poll it at most every few seconds."""
    row = (
        Appeal.objects.filter(pk=appeal_id, status__in=Appeal.PUBLIC)
        .values("id", "signature_count", "counted_at")
        .first()
    )
    if row is None:
        return not_found()
    response["Cache-Control"] = f"public, max-age={COUNT_MAX_AGE}"
    return Status(200, row)


@router.post(
    "/appeals/{appeal_id}/signatures",
    response={
        202: SignatureAcceptedOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        503: ErrorOut,
    },
)
def signature_create(request: HttpRequest, appeal_id: int, payload: SignatureIn):
    """Sign an open appeal. The answer is the same whether or not this e-mail has signed before:
    a link to confirm is e-mailed and only confirmed signatures count. Served by the hot
    routes' own stack (heard/core/hot_stack.py)."""
    appeal = lookups.appeal_for_signing(pk=appeal_id)
    if appeal is None:
        return not_found()
    if not payload.consent_processing:
        return api_error(
            400, "consent_required", _("Your signature cannot be counted without this consent.")
        )
    region = lookups.region_by_code(code=payload.region)
    if region is None:
        return api_error(400, "unknown_region", _("Choose a region from the list."))
    try:
        signature_services.signature_create(
            appeal=appeal,
            name=payload.name,
            email=payload.email,
            region=region,
            show_name=payload.show_name,
            notify=payload.notify,
            language=payload.language,
            ip=client_ip(request),
        )
    except DomainError as error:
        return api_error(409, error.code, error.message)
    # An instance of the declared model: Ninja dumps it without validating it again.
    accepted = SignatureAcceptedOut(
        detail=_("Check your e-mail: open the link we sent to confirm.")
    )
    return Status(202, accepted)


@router.get("/regions", response=list[RegionOut])
def region_list(request: HttpRequest):
    return Region.objects.filter(active=True).values("code", "name_ru", "name_en")
