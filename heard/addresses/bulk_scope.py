"""What a bulk action on the queue acts on: the addresses ticked on the shown page, or every
address matching the queue's filter (decision 0517). The filter travels as the queue's own query
string, never as thousands of ids; the confirmation shows the count and a fingerprint of the
matching ids, and the confirming POST acts only if the filter still matches exactly that set."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict

from heard.addresses.models import Address
from heard.addresses.queue_forms import QueueView, queue_matching
from heard.offices.models import Addressee

# Ticked on one page: a page shows 50, so more than this is not a person's choice.
MAX_CHOSEN = 500
CHOSEN, FILTER = "chosen", "filter"


@dataclass
class BulkScope:
    kind: str
    addresses: QuerySet
    count: int
    # Only for FILTER: the query string of the queue, what it lists, and whether more match than
    # one bulk action may change (then `count` is the full count and nothing may be confirmed).
    filter_query: str = ""
    view: QueueView | None = None
    fingerprint: str = ""
    too_many: bool = False

    @property
    def emails_if_told(self) -> int:
        return self.addresses.exclude(email="").count()


def bulk_limit() -> int:
    return settings.HEARD_QUEUE_BULK_MAX


def bulk_scope(*, addressee: Addressee, data: QueryDict) -> BulkScope:
    if data.get("scope") == FILTER:
        return _matching(addressee=addressee, filter_query=data.get("filter", ""))
    ids = [int(value) for value in data.getlist("address") if value.isdigit()][:MAX_CHOSEN]
    chosen = Address.objects.filter(
        addressee=addressee, status__in=Address.IN_PROGRESS, pk__in=ids
    )
    return BulkScope(CHOSEN, chosen, chosen.count())


def _matching(*, addressee: Addressee, filter_query: str) -> BulkScope:
    params = QueryDict(filter_query)
    view = queue_matching(addressee=addressee, params=params)
    if view.filters.is_bound and not view.filters.is_valid():
        # The queue shows itself unfiltered then; a bulk action must not take that for the filter.
        none = Address.objects.none()
        return BulkScope(FILTER, none, 0, filter_query=params.urlencode(), view=view)
    limit = bulk_limit()
    # At most limit + 1 ids are read: enough to know the set is too large without counting it.
    # A filter on closed addresses lists them to look back on; a bulk action changes only those
    # still in progress.
    matching = view.addresses.filter(status__in=Address.IN_PROGRESS).order_by()
    ids = sorted(matching.values_list("pk", flat=True)[: limit + 1])
    too_many = len(ids) > limit
    return BulkScope(
        FILTER,
        Address.objects.filter(pk__in=[] if too_many else ids).order_by("answer_due_at", "pk"),
        matching.count() if too_many else len(ids),
        filter_query=params.urlencode(),
        view=view,
        fingerprint="" if too_many else ids_fingerprint(ids),
        too_many=too_many,
    )


def ids_fingerprint(ids: list[int]) -> str:
    """Same ids, same fingerprint; one address more, less or another, a different one."""
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:32]
