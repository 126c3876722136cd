"""What each dump holds, read from the other apps' tables: only what their public pages show
already, never a signer's, applicant's or organiser's personal data (docs/decisions/0534).
Each function yields one dict per row, keyed exactly by its dataset's fields (datasets.py)."""

from collections.abc import Iterator

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

CHUNK = 2000


def appeals() -> Iterator[dict]:
    from heard.appeals import selectors
    from heard.appeals.models import Appeal

    public = (
        Appeal.objects.filter(status__in=Appeal.PUBLIC)
        .select_related("addressee", "provenance")
        .order_by("pk")
    )
    for appeal in public.iterator(chunk_size=CHUNK):
        hidden = appeal.text_hidden
        elsewhere = getattr(appeal, "provenance", None)
        yield {
            "id": appeal.pk,
            "url": appeal.get_absolute_url(),
            "title": appeal.title,
            "addressee": appeal.addressee.slug,
            "addressee_name": appeal.addressee.name,
            "group_name": appeal.group_name,
            "state": appeal.status,
            "rejection_code": appeal.rejection_code,
            "demands": None if hidden else appeal.demands,
            "text": None if hidden else appeal.text,
            "opened_at": appeal.opened_at,
            "closes_at": appeal.closes_at,
            "closed_at": appeal.closed_at,
            "rejected_at": appeal.rejected_at,
            "signature_count": appeal.signature_count,
            "counted_at": appeal.counted_at,
            "response_threshold": appeal.addressee.response_threshold,
            "response_threshold_reached_at": appeal.response_threshold_reached_at,
            "consideration_threshold": appeal.addressee.consideration_threshold,
            "consideration_threshold_reached_at": appeal.consideration_threshold_reached_at,
            "response_due_at": appeal.response_due_at,
            "responded_at": appeal.responded_at,
            "response_days_late": selectors.appeal_response_days_late(appeal),
            "made_elsewhere": elsewhere.platform if elsewhere else "",
            "published_elsewhere_at": elsewhere.published_at if elsewhere else None,
            "elsewhere_link": elsewhere.link if elsewhere else "",
            "registered_at": elsewhere.registered_at if elsewhere else None,
        }


def signatures_by_region_day() -> Iterator[dict]:
    """Confirmed signatures counted by appeal, region and day of confirmation (in the site's
    time zone): the grouped counts only, never a signature row."""
    from heard.appeals.models import Appeal
    from heard.signatures.models import Signature

    grouped = (
        Signature.objects.filter(
            status__in=Signature.COUNTED,
            appeal__status__in=Appeal.PUBLISHED,
            confirmed_at__isnull=False,
        )
        .annotate(day=TruncDate("confirmed_at", tzinfo=timezone.get_default_timezone()))
        .values("appeal_id", "day", "region__code")
        .annotate(count=Count("pk"))
        .order_by("appeal_id", "day", "region__code")
    )
    for row in grouped.iterator(chunk_size=CHUNK):
        yield {
            "appeal_id": row["appeal_id"],
            "date": row["day"],
            "region": row["region__code"],
            "count": row["count"],
        }


def responses() -> Iterator[dict]:
    from heard.appeals import selectors
    from heard.appeals.models import Appeal, AppealResponse

    published = (
        AppealResponse.objects.filter(appeal__status__in=Appeal.PUBLISHED)
        .select_related("appeal__addressee")
        .order_by("appeal_id")
    )
    for response in published.iterator(chunk_size=CHUNK):
        appeal = response.appeal
        yield {
            "appeal_id": appeal.pk,
            "addressee": appeal.addressee.slug,
            "office": response.office,
            "responded_on": response.responded_on,
            "published_at": response.published_at,
            "response_due_at": appeal.response_due_at,
            "days_late": selectors.appeal_response_days_late(appeal),
            "text": response.text,
        }


def address_statistics() -> Iterator[dict]:
    """The figures of /addresses/statistics/<addressee>/: in all, per department, per month."""
    from heard.addresses import statistics
    from heard.offices.models import Addressee

    for addressee in Addressee.objects.order_by("slug"):
        figures = statistics.addressee_statistics(addressee=addressee)
        if not figures["totals"]["received"]:
            continue
        scoped = [("total", "", "", figures["totals"])]
        scoped += [
            ("department", row["department__name"] or "", "", row)
            for row in figures["departments"]
        ]
        scoped += [("month", "", row["month"].strftime("%Y-%m"), row) for row in figures["months"]]
        for scope, department, month, row in scoped:
            on_time = row["on_time"]
            yield {
                "addressee": addressee.slug,
                "scope": scope,
                "department": department,
                "month": month,
                **{column: row[column] for column in statistics.CSV_COLUMNS},
                "on_time_share": round(on_time.share, 4) if on_time.shown else None,
                "on_time_low": round(on_time.low, 4) if on_time.shown else None,
                "on_time_high": round(on_time.high, 4) if on_time.shown else None,
            }


def event_notices() -> Iterator[dict]:
    """The public register of notices of public events (/events/), without the organiser's
    name or contacts, which live on the address and are never read here."""
    from heard.addresses import selectors

    for notice in selectors.event_notices_public().order_by("pk").iterator(chunk_size=CHUNK):
        row = selectors.event_notice_public_row(notice)
        number, days_late = row.pop("number"), row.pop("answer_days_late")
        # The dataset's published columns: the addressee by slug, the lateness as days_late.
        yield {"number": number, "addressee": notice.address.addressee.slug, **row,
               "days_late": days_late}
