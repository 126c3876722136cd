"""The public register of notices of public events (54-FZ) in the API (v1): the notice's own
fields, the due date, the answer's outcome and grounds, lateness; never the organiser."""

from datetime import date, datetime, time

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from heard.addresses import selectors

router = Router(tags=["public-event notices"])


class EventNoticeOut(Schema):
    number: str
    authority: str
    form: str
    purpose: str
    event_date: date
    starts_at: time
    ends_at: time
    place: str
    participants: int
    organising_group: str
    received_at: datetime
    answer_due_at: datetime | None
    answered_at: datetime | None
    answer_days_late: int | None
    outcome: str | None = Field(description="agreed, change_proposed or refused")
    ground: str | None = Field(description="For a refusal: the ground the law gives")
    proposal: str | None
    reasons: str | None


class EventFilters(Schema):
    state: str = Field(
        selectors.EventListing.ALL, pattern="^(" + "|".join(selectors.EventListing.CHOICES) + ")$"
    )
    addressee: str = Field("", max_length=64)
    page: int = Field(1, ge=1, le=100_000)


PAGE_SIZE = 100


@router.get("/events", response={200: list[EventNoticeOut]})
def event_list(request: HttpRequest, response: HttpResponse, filters: Query[EventFilters]):
    """Notices of public events and their answers, newest event first, 100 a page."""
    notices = selectors.event_notices_public(
        listing=filters.state, addressee_slug=filters.addressee
    )
    response["X-Total-Count"] = str(notices.count())
    start = (filters.page - 1) * PAGE_SIZE
    return [_out(notice) for notice in notices[start : start + PAGE_SIZE]]


def _out(notice) -> dict:
    row = selectors.event_notice_public_row(notice)
    answer = {name: row[name] or None for name in ("outcome", "ground", "proposal", "reasons")}
    return row | answer | {"authority": notice.address.addressee.name}
