"""Keyset pages for the responder's queue: "the 50 after this row" by the sort's own columns,
so the thousandth page of a million costs what the first does (OFFSET reads and drops every row
before it). The cursor is the last row's sort value and id, in the URL."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

PAGE_SIZE = 50


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str
    first: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _column_of(queryset: QuerySet) -> tuple[str, bool]:
    """The sort's column and direction, from the queryset's ordering (column, then pk)."""
    first = queryset.query.order_by[0]
    return first.lstrip("-"), first.startswith("-")


def keyset_after(queryset: QuerySet, cursor: str) -> QuerySet:
    """The rows after the cursor, in the queryset's order (all of them without a cursor)."""
    column, descending = _column_of(queryset)
    after = _parsed(cursor)
    if after is None:
        return queryset
    value, pk = after
    # The bound on the column alone says the same as the OR beside it; it is there because
    # PostgreSQL starts an index scan only from such a bound, and would otherwise read every
    # row before the cursor and drop it.
    if descending:
        return queryset.filter(
            Q(**{f"{column}__lte": value}),
            Q(**{f"{column}__lt": value}) | Q(**{column: value, "pk__lt": pk}),
        )
    return queryset.filter(
        Q(**{f"{column}__gte": value}),
        Q(**{f"{column}__gt": value}) | Q(**{column: value, "pk__gt": pk}),
    )


def keyset_nth(queryset: QuerySet, position: int) -> tuple | None:
    """The sort value and id of the row at this position (from 0) in the queryset's order."""
    column, _descending = _column_of(queryset)
    return queryset.values_list(column, "pk")[position : position + 1].first()


def keyset_until(queryset: QuerySet, value, pk: int) -> QuerySet:
    """The rows up to this sort value and id, that one included, in the queryset's order."""
    column, descending = _column_of(queryset)
    if descending:
        return queryset.filter(
            Q(**{f"{column}__gte": value}),
            Q(**{f"{column}__gt": value}) | Q(**{column: value, "pk__gte": pk}),
        )
    return queryset.filter(
        Q(**{f"{column}__lte": value}),
        Q(**{f"{column}__lt": value}) | Q(**{column: value, "pk__lte": pk}),
    )


def keyset_page(queryset: QuerySet, cursor: str, size: int = PAGE_SIZE) -> KeysetPage:
    column, _descending = _column_of(queryset)
    after = _parsed(cursor)
    queryset = keyset_after(queryset, cursor)
    if column in queryset.query.annotations:
        # A sort by an expression sorts every matching row: the page's ids first, from an
        # index alone where one covers the expression's columns (migration 0015), then the
        # page's rows by primary key, instead of fetching and joining every row it sorts.
        # (For a sort an index provides, one query: a second would test a text search again.)
        ids = list(queryset.values_list("pk", flat=True)[: size + 1])
        rows = list(queryset.filter(pk__in=ids)) if ids else []
    else:
        rows = list(queryset[: size + 1])
    next_cursor = ""
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = f"{getattr(last, column).isoformat()}~{last.pk}"
    return KeysetPage(rows, next_cursor, first=after is None)


def _parsed(cursor: str) -> tuple[datetime, int] | None:
    # A "+" of the time zone arrives as a space when someone edits the URL by hand.
    moment, _sep, pk = (cursor or "").replace(" ", "+").partition("~")
    try:
        return datetime.fromisoformat(moment), int(pk)
    except ValueError:
        return None
