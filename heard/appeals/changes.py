"""What happened to public appeals, as the feeds and the e-mail digests tell it: the public audit
events of appeals (published, thresholds reached, response published, closed, rejected, overdue)
for one appeal, for every appeal to one addressee, or for the appeals that entered one list.

Only public events of public appeals are read, and nothing of who acted or who signed: a
threshold event says how many had signed, never who."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal
from heard.appeals.selectors import Listing, appeal_list
from heard.core.models import AuditEvent

APPEAL_TYPE = "appeals.appeal"

# The lists one can follow, each with the event that brings an appeal into it and the public
# listing it must still be in (an appeal answered the same day is news in "responded" only).
FOLLOWED_LISTS = {
    "new": ("published", Listing.ALL),
    Listing.AWAITING_RESPONSE: ("response_threshold_reached", Listing.AWAITING_RESPONSE),
    Listing.RESPONDED: ("responded", Listing.RESPONDED),
    Listing.OVERDUE: ("response_overdue", Listing.OVERDUE),
}
LIST_NAMES = {
    "new": _("New appeals"),
    Listing.AWAITING_RESPONSE: _("Appeals awaiting a response"),
    Listing.RESPONDED: _("Appeals with a response"),
    Listing.OVERDUE: _("Appeals with an overdue response"),
}
EVENT_LABELS = {
    "created": _("Appeal started"),
    "published": _("Published and open for signing"),
    "rejected": _("Rejected by moderation"),
    "closed": _("Closed for signing"),
    "response_threshold_reached": _(
        "Response threshold reached: sent to the addressee, who owes a response"
    ),
    "consideration_threshold_reached": _("Consideration threshold reached"),
    "responded": _("Official response published"),
    "response_overdue": _("The addressee's response is overdue"),
}


@dataclass(frozen=True)
class Change:
    """One public event of one appeal."""

    id: str
    verb: str
    at: datetime
    appeal: Appeal
    data: dict

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.verb, self.verb))


def _events(appeals: QuerySet[Appeal], *, verb: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(
        subject_type=APPEAL_TYPE,
        public=True,
        verb__in=list(EVENT_LABELS),
        subject_id__in=appeals.order_by().values("pk"),
    )
    return events.filter(verb=verb) if verb else events


def _public_appeals() -> QuerySet[Appeal]:
    return Appeal.objects.filter(status__in=Appeal.PUBLIC)


def events_of(
    *,
    appeal: Appeal | None = None,
    addressee_id: int | None = None,
    listing: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[Change]:
    """Public events, newest first: of one appeal, of the appeals to one addressee, or those that
    brought an appeal into a followed list (optionally to one addressee), in (since, until]."""
    verb = ""
    if appeal is not None:
        appeals = _public_appeals().filter(pk=appeal.pk)
    elif listing:
        verb, current = FOLLOWED_LISTS[listing]
        appeals = appeal_list(listing=current)
    else:
        appeals = _public_appeals()
    if addressee_id is not None:
        appeals = appeals.filter(addressee_id=addressee_id)
    events = _events(appeals, verb=verb)
    if since is not None:
        events = events.filter(created_at__gt=since)
    if until is not None:
        events = events.filter(created_at__lte=until)
    events = events.order_by("-created_at", "-pk")
    rows = list(
        (events[:limit] if limit else events).values_list(
            "pk", "verb", "created_at", "subject_id", "data"
        )
    )
    by_id = Appeal.objects.select_related("addressee").in_bulk({row[3] for row in rows})
    return [
        Change(id=f"event-{pk}", verb=verb, at=at, appeal=by_id[subject], data=data or {})
        for pk, verb, at, subject, data in rows
        if subject in by_id
    ]


def appeal_history_with_start(appeal: Appeal, *, limit: int) -> list[Change]:
    """An appeal's public events and, first of all, its start."""
    started = Change(id="created", verb="created", at=appeal.created_at, appeal=appeal, data={})
    return events_of(appeal=appeal, limit=limit) + [started]
