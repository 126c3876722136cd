"""Open311 GeoReport v2 over individual addresses: services are the addressees'
categories, requests are addresses. Every endpoint answers in XML (the standard's default) or
JSON by its suffix; errors use the standard's shape, a list of {"code", "description"}; GET
requests is paged and public reads are cacheable over HTTP. See
docs/decisions/0200-open311-mapping.md and 0505-open311-paging-caching-xml.md."""

import json
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.errors import ValidationError

from heard.addresses import open311 as mapping
from heard.addresses import services
from heard.addresses.models import Address, Category
from heard.api import open311_formats as formats
from heard.api import open311_paging as paging
from heard.api.contract import OPEN311_ERROR, DeclaredAPI
from heard.api.errors import domain_error_status
from heard.attachments.selectors import media_urls
from heard.core.cleaning.rules import datetime_storable
from heard.core.errors import DomainError
from heard.core.http_cache import public_cached
from heard.core.limits import limits_check, request_ip_hash
from heard.signatures.emails import email_digest

api = DeclaredAPI(
    error_body=OPEN311_ERROR,
    json_only=False,  # the standard posts form-encoded bodies
    title="heard Open311 GeoReport v2",
    version="2",
    urls_namespace="open311",
    docs_url="/docs",
    description=(
        "Open311 GeoReport v2, XML (the standard's default) or JSON by the suffix: categories as "
        "services, addresses as requests. GET requests takes `page` and `page_size` (at most "
        "100 by default) and links the next and previous pages in the Link header."
    ),
)
CHANGESET = "2026-12-06T00:00:00Z"  # when this endpoint last changed, for discovery


def open311_error(request: HttpRequest, status: int, description: str) -> HttpResponse:
    return formats.error(request, status, description)


def _public(request: HttpRequest, response: HttpResponse, rows: list[dict]) -> HttpResponse:
    # The language of the notes comes from the language cookie, then Accept-Language (0404).
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    moments = [row["updated_datetime"] for row in rows if row.get("updated_datetime")]
    return public_cached(
        request,
        response,
        max_age=settings.HEARD_OPEN311_CACHE_SECONDS,
        last_modified=max(moments) if moments else None,
    )


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
    response = open311_error(request, 429, _("Too many requests: try again later."))
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _refused(request: HttpRequest) -> HttpResponse | None:
    """Every Open311 read goes through this one per-IP limit (HEARD_LIMITS["open311_read"])."""
    return open311_limited(request, action="open311_read")


@api.exception_handler(ValidationError)
def validation_failed(request, exc: ValidationError):
    detail = "; ".join(str(error.get("msg")) for error in exc.errors) or _("Invalid input.")
    return open311_error(request, 400, detail)


@api.get("/discovery.xml", response={200: dict}, operation_id="discovery_xml")
@api.get("/discovery.json", response={200: dict})
def discovery(request: HttpRequest):
    """Where the endpoint is, which version of the standard it follows, in which formats."""
    if refused := _refused(request):
        return refused
    document = {
        "changeset": CHANGESET,
        "contact": _("See %(site)s for who runs this register.") % {"site": settings.SITE_URL},
        "key_service": _("API keys are issued by the administrators of %(site)s.")
        % {"site": settings.SITE_URL},
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": request.build_absolute_uri("/open311/v2"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _public(request, formats.answer(request, document, root="discovery"), [])


class ServiceQuery(Schema):
    jurisdiction_id: str = ""


@api.get(
    "/v2/services.xml", response={200: list[dict], 404: list[dict]}, operation_id="services_xml"
)
@api.get("/v2/services.json", response={200: list[dict], 404: list[dict]})
def service_list(request: HttpRequest, query: Query[ServiceQuery]):
    if refused := _refused(request):
        return refused
    categories = Category.objects.filter(active=True).select_related("addressee")
    if query.jurisdiction_id:
        categories = categories.filter(addressee__slug=query.jurisdiction_id)
        if not categories.exists():
            return open311_error(request, 404, _("No jurisdiction with this id offers services."))
    rows = [mapping.service_out(category) for category in categories]
    return _public(request, formats.answer(request, rows, root="services", item="service"), [])


def _posted(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
        # JSON null is an absent field, not the text "None".
        return {key: "" if value is None else str(value) for key, value in data.items()}
    return {key: request.POST.get(key, "") for key in request.POST}


@api.post(
    "/v2/requests.xml",
    response={201: list[dict], 400: list[dict], 403: list[dict], 429: list[dict]},
    operation_id="request_create_xml",
)
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
        return open311_error(request, 400, _("The body is not valid JSON."))
    key = services.api_key_authenticate(raw=data.get("api_key", ""))
    if key is None:
        return open311_error(request, 403, _("A valid api_key is required to post requests."))
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
        return open311_error(request, domain_error_status(error), error.message)
    created = [
        {
            "service_request_id": address.number,
            "service_notice": mapping.notice(address),
            "account_id": None,
            "token": None,
            "tracking_code": code,
        }
    ]
    response = formats.answer(request, created, status=201, root="service_requests", item="request")
    add_never_cache_headers(response)  # it carries the tracking code
    return response


class RequestQuery(Schema):
    service_request_id: str = ""
    service_code: str = ""
    start_date: str = ""
    end_date: str = ""
    status: str = ""
    jurisdiction_id: str = ""
    page: int = Field(1, ge=1, description="Extension: the page, from 1")
    page_size: int | None = Field(
        None, ge=1, description="Extension: records per page, at most HEARD_OPEN311_PAGE_SIZE"
    )


def _with_media(addresses) -> list[dict]:
    """The requests, each with `media_url`: its first image the sender made public."""
    media = media_urls([address.pk for address in addresses])
    rows = [mapping.request_out(address) for address in addresses]
    for address, row in zip(addresses, rows, strict=True):
        row["media_url"] = media.get(address.pk)
    return rows


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


@api.get(
    "/v2/requests.xml", response={200: list[dict], 400: list[dict]}, operation_id="request_list_xml"
)
@api.get("/v2/requests.json", response={200: list[dict], 400: list[dict]})
def request_list(request: HttpRequest, query: Query[RequestQuery]):
    if refused := _refused(request):
        return refused
    if query.status and query.status not in ("open", "closed"):
        return open311_error(request, 400, _("status is open or closed."))
    try:
        start, end = _date(query.start_date), _date(query.end_date)
        size = paging.page_size_checked(query.page_size)
    except DomainError as error:
        return open311_error(request, 400, error.message)
    if start and end and end < start:
        return open311_error(request, 400, _("end_date is before start_date."))
    addresses = mapping.requests_filtered(
        ids=[part.strip() for part in query.service_request_id.split(",") if part.strip()][:100],
        service_code=query.service_code,
        jurisdiction=query.jurisdiction_id,
        start=start,
        end=end,
        status=query.status,
    )
    page = paging.page_read(addresses, number=query.page, size=size)
    rows = _with_media(page.rows)
    response = formats.answer(request, rows, root="service_requests", item="request")
    if link := paging.link_header(request, page):
        response["Link"] = link
    return _public(request, response, rows)


@api.get(
    "/v2/requests/{service_request_id}.xml",
    response={200: list[dict], 404: list[dict]},
    operation_id="request_detail_xml",
)
@api.get("/v2/requests/{service_request_id}.json", response={200: list[dict], 404: list[dict]})
def request_detail(request: HttpRequest, service_request_id: str):
    if refused := _refused(request):
        return refused
    address = mapping.requests_filtered(ids=[service_request_id[:40]]).first()
    if address is None:
        return open311_error(request, 404, _("No request with this id."))
    rows = _with_media([address])
    return _public(
        request, formats.answer(request, rows, root="service_requests", item="request"), rows
    )


urlpatterns = [path("", api.urls)]
