"""Open311 GeoReport v2 (JSON) over individual addresses: services are the addressees'
categories, requests are addresses. Errors use the standard's shape, a list of
{"code", "description"}; see docs/decisions/0200-open311-mapping.md."""

import json
from datetime import datetime

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from ninja.errors import ValidationError

from heard.addresses import open311 as mapping
from heard.addresses import services
from heard.addresses.models import Address, Category
from heard.api.contract import OPEN311_ERROR, DeclaredAPI
from heard.api.errors import domain_error_status
from heard.core.cleaning.rules import datetime_storable
from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash
from heard.signatures.emails import email_digest

api = DeclaredAPI(
    error_body=OPEN311_ERROR,
    json_only=False,  # the standard posts form-encoded bodies
    title="heard Open311 GeoReport v2",
    version="2",
    urls_namespace="open311",
    docs_url="/docs",
    description="Open311 GeoReport v2 (JSON): categories as services, addresses as requests.",
)
MAX_REQUESTS = 1000


def open311_error(status: int, description: str):
    return Status(status, [{"code": status, "description": description}])


def open311_limited(request: HttpRequest, *, action: str, email: str = "", addressee: str = ""):
    """429 with Retry-After in the standard's error shape when a limit is reached, else None."""
    verdict = limits_check(
        action=action,
        ip_hash=request_ip_hash(request),
        email_digest=email_digest(email) if email else "",
        addressee=addressee,
    )
    if not verdict.exceeded:
        return None
    body = [{"code": 429, "description": _("Too many requests: try again later.")}]
    response = JsonResponse(body, status=429, safe=False)
    response["Retry-After"] = str(verdict.retry_after)
    return response


@api.exception_handler(ValidationError)
def validation_failed(request, exc: ValidationError):
    detail = "; ".join(str(error.get("msg")) for error in exc.errors) or _("Invalid input.")
    return api.create_response(request, [{"code": 400, "description": detail}], status=400)


class ServiceQuery(Schema):
    jurisdiction_id: str = ""


@api.get("/v2/services.json", response={200: list[dict], 404: list[dict]})
def service_list(request: HttpRequest, query: Query[ServiceQuery]):
    categories = Category.objects.filter(active=True).select_related("addressee")
    if query.jurisdiction_id:
        categories = categories.filter(addressee__slug=query.jurisdiction_id)
        if not categories.exists():
            return open311_error(404, _("No jurisdiction with this id offers services."))
    return Status(200, [mapping.service_out(category) for category in categories])


def _posted(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
        # JSON null is an absent field, not the text "None".
        return {key: "" if value is None else str(value) for key, value in data.items()}
    return {key: request.POST.get(key, "") for key in request.POST}


@api.post(
    "/v2/requests.json",
    response={201: list[dict], 400: list[dict], 403: list[dict], 429: list[dict]},
)
def request_create(request: HttpRequest):
    """Form-encoded (or JSON) as in the standard. Needs api_key. Optional extensions:
    attribute[region] (region code), attribute[kind], attribute[member_consent]=true."""
    try:
        data = _posted(request)
    except ValueError:
        return open311_error(400, _("The body is not valid JSON."))
    key = services.api_key_authenticate(raw=data.get("api_key", ""))
    if key is None:
        return open311_error(403, _("A valid api_key is required to post requests."))
    try:
        fields = mapping.request_fields(data, key=key)
        refused = open311_limited(
            request,
            action="api_address",
            email=fields.get("email", ""),
            addressee=fields["addressee"].slug,
        )
        if refused is not None:
            return refused
        address, code = services.address_receive(channel=Address.Channel.API, **fields)
    except DomainError as error:
        return open311_error(domain_error_status(error), error.message)
    return Status(
        201,
        [
            {
                "service_request_id": address.number,
                "service_notice": mapping.notice(address),
                "account_id": None,
                "token": None,
                "tracking_code": code,
            }
        ],
    )


class RequestQuery(Schema):
    service_request_id: str = ""
    service_code: str = ""
    start_date: str = ""
    end_date: str = ""
    status: str = ""
    jurisdiction_id: str = ""


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:  # well formed but impossible, such as 30 February
        parsed = None
    if (
        parsed is None
        or parsed.tzinfo is None
        or not datetime_storable(parsed, zone=timezone.get_default_timezone())
    ):
        raise DomainError(_("Dates are W3C date-times with a time zone: %s") % value[:40])
    return parsed


@api.get("/v2/requests.json", response={200: list[dict], 400: list[dict]})
def request_list(request: HttpRequest, query: Query[RequestQuery]):
    if query.status and query.status not in ("open", "closed"):
        return open311_error(400, _("status is open or closed."))
    try:
        start, end = _date(query.start_date), _date(query.end_date)
    except DomainError as error:
        return open311_error(400, error.message)
    if start and end and end < start:
        return open311_error(400, _("end_date is before start_date."))
    addresses = mapping.requests_filtered(
        ids=[part.strip() for part in query.service_request_id.split(",") if part.strip()][:100],
        service_code=query.service_code,
        jurisdiction=query.jurisdiction_id,
        start=start,
        end=end,
        status=query.status,
    )
    return Status(200, [mapping.request_out(address) for address in addresses[:MAX_REQUESTS]])


@api.get("/v2/requests/{service_request_id}.json", response={200: list[dict], 404: list[dict]})
def request_detail(request: HttpRequest, service_request_id: str):
    address = mapping.requests_filtered(ids=[service_request_id[:40]]).first()
    if address is None:
        return open311_error(404, _("No request with this id."))
    return Status(200, [mapping.request_out(address)])


urlpatterns = [path("", api.urls)]
