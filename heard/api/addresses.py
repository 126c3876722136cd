"""Individual addresses in the API (v1): send one, follow it by number and tracking code, read
the public statistics. Thin: validation here, rules in heard.addresses.services."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status

from heard.addresses import selectors, services, statistics
from heard.addresses.models import Address, Category
from heard.api.errors import api_error, domain_error_status
from heard.api.schemas import AttachmentOut, ErrorOut
from heard.appeals import selectors as appeal_selectors
from heard.attachments.selectors import attachment_api_row, attachments_public_of
from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash
from heard.offices.models import Addressee, Region
from heard.signatures.emails import email_digest

router = Router(tags=["addresses"])


class AddressIn(Schema):
    addressee: str = Field(min_length=1, max_length=64, description="Addressee slug")
    text: str = Field(min_length=1, max_length=20_000)
    kind: str = Field("question", description="question, request, proposal or complaint")
    category: str = Field("", max_length=64, description="Category code of the addressee")
    region: str = Field("", max_length=16, description="Region code, see /regions")
    name: str = Field("", max_length=200, description="Empty: the address is anonymous")
    email: str = Field("", max_length=254)
    postal_address: str = Field("", max_length=500)
    language: str = Field("ru", pattern="^(ru|en)$")
    consent_processing: bool = Field(description="Must be true: consent to processing")
    member_consent: bool = Field(
        False, description="With an organisation's key: the member consented to this submission"
    )


class AddressCreatedOut(Schema):
    number: str
    tracking_code: str = Field(description="Shown once; only its hash is stored")
    state: str
    received_at: datetime
    answer_due_at: datetime | None


class AnswerOut(Schema):
    text: str
    office: str
    answered_at: datetime


class AddressStatusOut(Schema):
    number: str
    addressee: str
    department: str | None
    state: str
    state_label: str
    channel: str
    received_at: datetime
    registration_due_at: datetime
    registered_at: datetime | None
    forwarding_due_at: datetime | None
    answer_due_at: datetime | None
    answered_at: datetime | None
    answer_days_late: int | None = Field(
        description="Days the answer came (or, open, is) past its due date; null when on time"
    )
    days_waiting: int | None = Field(description="Days since receipt, while not answered")
    due_explained: list[str] = Field(
        description="How the answer's due date was computed, one step a line"
    )
    extended_at: datetime | None
    extension_reason: str | None
    forwarded_to: str | None
    merged_into: str | None
    ground: str | None
    answer: AnswerOut | None
    rating: int | None
    attachments: list[AttachmentOut] = Field(
        description="Attachments its sender made public (images only); the rest stay private"
    )


class FiguresOut(Schema):
    received: int
    answered_on_time: int
    answered_late: int
    overdue_now: int
    in_progress: int
    median_days: float | None
    p90_days: float | None = Field(description="Nine answers in ten took at most this long")
    on_time_share: float | None = Field(
        description="Answered on time / answered; null below HEARD_STATS_MIN_COUNT answers"
    )
    on_time_low: float | None = Field(description="95% Wilson interval, lower bound")
    on_time_high: float | None = Field(description="95% Wilson interval, upper bound")
    verdict_resolved: int = Field(description="Applicants' verdicts on the answers")
    verdict_explained: int
    verdict_not_resolved: int
    verdict_no_real_answer: int
    helped_share: float | None = Field(
        description="(resolved + explained) / verdicts; null below HEARD_STATS_MIN_COUNT"
    )


class DepartmentFiguresOut(FiguresOut):
    department: str | None


class MonthFiguresOut(FiguresOut):
    month: str


class AppealFiguresOut(Schema):
    owed: int = Field(description="Collective appeals that reached the response threshold")
    responded_on_time: int
    responded_late: int
    overdue_now: int
    awaiting: int


class StatisticsOut(Schema):
    addressee: str
    totals: FiguresOut
    appeals: AppealFiguresOut
    departments: list[DepartmentFiguresOut]
    months: list[MonthFiguresOut]


def _status_out(address: Address) -> dict:
    answer = address.answer
    return {
        "number": address.number,
        "addressee": address.addressee.name,
        "department": address.department.name if address.department else None,
        "state": address.status,
        "state_label": address.get_status_display(),
        "channel": address.channel,
        "received_at": address.received_at,
        "registration_due_at": address.registration_due_at,
        "registered_at": address.registered_at,
        "forwarding_due_at": address.forwarding_due_at,
        "answer_due_at": address.answer_due_at,
        "answered_at": address.answered_at,
        "answer_days_late": address.answer_days_late,
        "days_waiting": address.days_waiting,
        "due_explained": [step.text for step in selectors.address_due_steps(address)],
        "extended_at": address.extended_at,
        "extension_reason": address.extension_reason or None,
        "forwarded_to": address.forwarded_to_body or None,
        "merged_into": address.merged_into.number if address.merged_into else None,
        "ground": address.ground or None,
        "answer": (
            {"text": answer.text, "office": answer.office, "answered_at": answer.created_at}
            if answer
            else None
        ),
        "rating": address.rating,
        "attachments": [
            attachment_api_row(attachment)
            for attachment in attachments_public_of(address=address)
        ],
    }


def too_many_calls(retry_after: int) -> HttpResponse:
    """429 with Retry-After, in the API's error shape."""
    body = {"code": "rate_limited", "detail": _("Too many requests: try again later.")}
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@router.post(
    "/addresses",
    response={
        201: AddressCreatedOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        429: ErrorOut,
    },
)
def address_send(
    request: HttpRequest,
    payload: AddressIn,
    response: HttpResponse,
    x_api_key: str = Header("", alias="X-Api-Key"),
):
    """Send an individual address; needs an API key (X-Api-Key) of an addressee or of an
    organisation (then `member_consent` must be true). People without a key use the web form,
    which confirms their e-mail first. Over a limit (per IP, per e-mail a day, per addressee):
    429 with Retry-After, and nothing is stored."""
    key = services.api_key_authenticate(raw=x_api_key) if x_api_key else None
    if key is None:
        if not x_api_key:
            return api_error(401, "api_key_required", _("Sending needs an API key (X-Api-Key)."))
        return api_error(401, "invalid_api_key", _("This API key is unknown or revoked."))
    if not payload.consent_processing:
        return api_error(
            400, "consent_required", _("The address cannot be considered without this consent.")
        )
    addressee = Addressee.objects.filter(slug=payload.addressee).first()
    if addressee is None:
        return api_error(400, "unknown_addressee", _("No addressee with this short name."))
    if key is not None and key.addressee_id and key.addressee_id != addressee.pk:
        return api_error(403, "wrong_addressee", _("This key sends only to its own addressee."))
    category = None
    if payload.category:
        category = Category.objects.filter(
            addressee=addressee, code=payload.category, active=True
        ).first()
        if category is None:
            return api_error(400, "unknown_category", _("The addressee has no such category."))
    region = None
    if payload.region:
        region = Region.objects.filter(code=payload.region, active=True).first()
        if region is None:
            return api_error(400, "unknown_region", _("Choose a region from the list."))
    verdict = limits_check(
        action="api_address",
        ip_hash=request_ip_hash(request),
        email_digest=email_digest(payload.email) if payload.email else "",
        addressee=addressee.slug,
    )
    if verdict.exceeded:
        return too_many_calls(verdict.retry_after)
    try:
        address, code = services.address_receive(
            addressee=addressee,
            text=payload.text,
            kind=payload.kind,
            category=category,
            region=region,
            applicant_name=payload.name,
            email=payload.email,
            postal_address=payload.postal_address,
            channel=Address.Channel.API,
            language=payload.language,
            organisation=key.organisation if key else None,
            member_consent=payload.member_consent,
        )
    except DomainError as error:
        return api_error(domain_error_status(error), error.code, error.message)
    add_never_cache_headers(response)  # it carries the tracking code
    return Status(
        201,
        {
            "number": address.number,
            "tracking_code": code,
            "state": address.status,
            "received_at": address.received_at,
            "answer_due_at": address.answer_due_at,
        },
    )


class StatisticsQuery(Schema):
    addressee: str = Field(min_length=1, max_length=64)


def _figures(row: dict) -> dict:
    on_time = row["on_time"]
    return row | {
        "on_time_share": on_time.share,
        "on_time_low": on_time.low,
        "on_time_high": on_time.high,
        "helped_share": row["helped"].share,
    }


@router.get("/addresses/statistics", response={200: StatisticsOut, 404: ErrorOut})
def address_statistics(request: HttpRequest, query: Query[StatisticsQuery]):
    """Public figures per addressee, per department and per month of receipt; no personal data."""
    addressee = Addressee.objects.filter(slug=query.addressee).first()
    if addressee is None:
        return api_error(404, "unknown_addressee", _("No addressee with this short name."))
    figures = statistics.addressee_statistics(addressee=addressee)
    return Status(
        200,
        {
            "addressee": addressee.slug,
            "totals": _figures(figures["totals"]),
            "appeals": appeal_selectors.appeal_response_figures(addressee=addressee),
            "departments": [
                _figures(row) | {"department": row["department__name"]}
                for row in figures["departments"]
            ],
            "months": [
                _figures(row) | {"month": row["month"].strftime("%Y-%m")}
                for row in figures["months"]
            ],
        },
    )


@router.get("/addresses/{number}", response={200: AddressStatusOut, 404: ErrorOut, 429: ErrorOut})
def address_status(
    request: HttpRequest,
    number: str,
    response: HttpResponse,
    x_tracking_code: str = Header("", alias="X-Tracking-Code"),
):
    """The state, due dates and answer of an address; send the tracking code in the
    X-Tracking-Code header. An unknown number and a wrong code give the same 404. Lookups are
    limited per IP (429 with Retry-After). Never stored by a cache (Cache-Control: no-store),
    and the answer varies on X-Tracking-Code."""
    add_never_cache_headers(response)
    patch_vary_headers(response, ["X-Tracking-Code"])
    verdict = limits_check(action="track", ip_hash=request_ip_hash(request))
    if verdict.exceeded:
        return too_many_calls(verdict.retry_after)
    address = selectors.address_for_tracking(number=number[:40], code=x_tracking_code[:40])
    if address is None:
        return api_error(404, "not_found", _("No address matches this number and tracking code."))
    return Status(200, _status_out(address))
