"""How addresses look in Open311 GeoReport v2: the mapping of states to open/closed, the public
fields of a request (never the text or the applicant) and the fields of a posted request."""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from heard.addresses.models import Address, ApiKey, Category
from heard.core import clock
from heard.core.errors import DomainError, PermissionDenied
from heard.offices.models import Addressee, Region

DEFAULT_WINDOW = timedelta(days=90)
TRUE = ("1", "true", "yes", "on")


def open311_status(address: Address) -> str:
    return "closed" if address.status in Address.CLOSED else "open"


def service_out(category: Category) -> dict:
    return {
        "service_code": category.service_code,
        "service_name": category.name,
        "description": f"{category.addressee.name}: {category.name}",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.addressee.name,
    }


def notice(address: Address) -> str:
    if address.answer_due_at:
        return _("Registered; the answer is due by %(date)s.") % {
            "date": address.answer_due_at.date().isoformat()
        }
    return _("Received; registration is due by %(date)s.") % {
        "date": address.registration_due_at.date().isoformat()
    }


# Built once: get_status_display() rebuilds the choices' dict on every call, which was most
# of a listed request's cost (docs/benchmarks.md, Open311 under load).
STATUS_LABELS = dict(Address.Status.choices)


def status_notes(address: Address) -> str:
    notes = [STATUS_LABELS.get(address.status, address.status)]
    if address.status == Address.Status.FORWARDED:
        notes.append(_("forwarded to %(body)s") % {"body": address.forwarded_to_body})
    if address.status == Address.Status.LEFT_WITHOUT_ANSWER:
        notes.append(address.get_ground_display())
    if address.merged_into_id:
        notes.append(_("answered together with %(number)s") % {"number": address.merged_into})
    if address.extended_at:
        notes.append(_("term extended: %(reason)s") % {"reason": address.extension_reason})
    return "; ".join(str(note) for note in notes)


def _updated(address: Address) -> datetime:
    moments = [
        address.received_at,
        address.registered_at,
        address.assigned_at,
        address.extended_at,
        address.forwarded_at,
        address.merged_at,
        address.returned_at,
        address.closed_at,
    ]
    return max(moment for moment in moments if moment)


def request_out(address: Address) -> dict:
    return {
        "service_request_id": address.number,
        "status": open311_status(address),
        "status_notes": status_notes(address),
        "service_name": address.category.name if address.category else None,
        "service_code": address.category.service_code if address.category else None,
        "description": None,  # the text may carry personal data: never published
        "agency_responsible": (
            address.department.name if address.department else address.addressee.name
        ),
        "service_notice": notice(address),
        "requested_datetime": address.received_at,
        "updated_datetime": _updated(address),
        "expected_datetime": address.answer_due_at,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def requests_filtered(
    *,
    ids: list[str],
    service_code: str = "",
    jurisdiction: str = "",
    start: datetime | None = None,
    end: datetime | None = None,
    status: str = "",
) -> QuerySet[Address]:
    # The texts are never published: not read either (each may be 20,000 characters).
    addresses = (
        Address.accepted()
        .select_related("category__addressee", "addressee", "department", "merged_into")
        .defer("text", "merged_into__text", "ground_note", "return_reason")
    )
    if ids:
        return addresses.filter(number__in=ids).order_by("-received_at")
    if jurisdiction:
        addresses = addresses.filter(addressee__slug=jurisdiction)
    if service_code:
        slug, _dot, code = service_code.partition(".")
        addresses = addresses.filter(category__addressee__slug=slug, category__code=code)
    if start is None and end is None:
        start = clock.now() - DEFAULT_WINDOW
    if start:
        addresses = addresses.filter(received_at__gte=start)
    if end:
        addresses = addresses.filter(received_at__lte=end)
    if status == "open":
        addresses = addresses.filter(status__in=Address.OPEN)
    elif status == "closed":
        addresses = addresses.filter(status__in=Address.CLOSED)
    # The id breaks ties so that pages neither repeat nor skip addresses received together.
    return addresses.order_by("-received_at", "-pk")


def request_fields(data: dict, *, key: ApiKey) -> dict:
    """The keyword arguments of address_receive for a posted request, or a DomainError."""
    slug, _dot, code = (data.get("service_code") or "").partition(".")
    category = (
        Category.objects.select_related("addressee")
        .filter(addressee__slug=slug, code=code, active=True)
        .first()
    )
    if category is None:
        raise DomainError(_("Unknown service_code; see services.json."), code="unknown_service")
    addressee: Addressee = category.addressee
    if key.addressee_id and key.addressee_id != addressee.pk:
        raise PermissionDenied(_("This key sends only to its own addressee."))
    region = None
    if data.get("attribute[region]"):
        region = Region.objects.filter(code=data["attribute[region]"], active=True).first()
        if region is None:
            raise DomainError(_("Unknown region code."), code="unknown_region")
    name = " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
    return {
        "addressee": addressee,
        "category": category,
        "region": region,
        "text": data.get("description", ""),
        "kind": data.get("attribute[kind]") or Address.Kind.REQUEST,
        "applicant_name": name,
        "email": data.get("email", ""),
        "postal_address": data.get("address_string", ""),
        "language": "en" if data.get("locale", "").startswith("en") else "ru",
        "organisation": key.organisation,
        "member_consent": data.get("attribute[member_consent]", "").lower() in TRUE,
    }
