"""Searching and sorting the public lists of appeals (decision 0542).

PostgreSQL matches words in Russian and English (stemmed) through two GIN indexes made by
migration 0003_pages16_search_indexes: one over the title and the group's name, one over the full
text; the text of an appeal rejected for what it says is never matched. SQLite, the embedded
mode, matches substrings: its LIKE folds case only for Latin letters, so a Cyrillic word is also
tried as written, in lower case and capitalised."""

from django.db import connection
from django.db.models import BooleanField, Case, F, Q, QuerySet, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal

# The same expressions as the indexes (migration 0003_pages16_search_indexes), so that the
# planner can use them; `{column}` names a column of appeals_appeal.
HEAD_DOCUMENT = "(coalesce({title}, '') || ' ' || coalesce({group_name}, ''))"
TEXT_DOCUMENT = "coalesce({text}, '')"
VECTOR = "(to_tsvector('russian', {document}) || to_tsvector('english', {document}))"
QUERY = "(websearch_to_tsquery('russian', %s) || websearch_to_tsquery('english', %s))"


class Sort:
    """The orders a visitor can pick; "" keeps the listing's own order."""

    SIGNATURES = "signatures"
    NEWEST = "newest"
    CLOSING = "closing"
    AWAITING_LONGEST = "awaiting"
    CHOICES = (SIGNATURES, NEWEST, CLOSING, AWAITING_LONGEST)
    LABELS = {
        SIGNATURES: _("most signatures"),
        NEWEST: _("newest"),
        CLOSING: _("closing soon"),
        AWAITING_LONGEST: _("longest awaiting a response"),
    }


def vector_sql(document: str, *, qualify: bool) -> str:
    table = Appeal._meta.db_table
    columns = {
        name: f'"{table}"."{name}"' if qualify else f'"{name}"'
        for name in ("title", "group_name", "text")
    }
    return VECTOR.format(document=document.format(**columns))


def appeals_matching(appeals: QuerySet[Appeal], query: str) -> QuerySet[Appeal]:
    query = " ".join(query.split())
    if not query:
        return appeals
    # Texts hidden by a rejection are not searchable either.
    hidden = Q(status=Appeal.Status.REJECTED, rejection_code__in=Appeal.HIDDEN_TEXT_CODES)
    if connection.vendor == "postgresql":
        # The SQL is this module's constants; the visitor's words go in as parameters.
        head = RawSQL(  # noqa: S611
            f"{vector_sql(HEAD_DOCUMENT, qualify=True)} @@ {QUERY}",
            [query, query],
            output_field=BooleanField(),
        )
        text = RawSQL(  # noqa: S611
            f"{vector_sql(TEXT_DOCUMENT, qualify=True)} @@ {QUERY}",
            [query, query],
            output_field=BooleanField(),
        )
        return appeals.filter(Q(head) | (Q(text) & ~hidden))
    found = Q(pk__in=[])
    for spelling in {query, query.lower(), query.capitalize()}:
        found |= (
            Q(title__icontains=spelling)
            | Q(group_name__icontains=spelling)
            | (Q(text__icontains=spelling) & ~hidden)
        )
    return appeals.filter(found)


def sort_order(sort: str) -> list:
    """The ORDER BY of `sort`; the primary key last keeps pages stable."""
    awaiting_since = Case(
        When(
            status__in=Appeal.PUBLISHED,
            response_threshold_reached_at__isnull=False,
            responded_at__isnull=True,
            then=F("response_threshold_reached_at"),
        )
    )
    closes_while_open = Case(When(status=Appeal.Status.OPEN, then=F("closes_at")))
    return {
        Sort.SIGNATURES: [F("signature_count").desc(), F("opened_at").desc(nulls_last=True)],
        Sort.NEWEST: [Coalesce("opened_at", "created_at").desc()],
        # Open appeals by their closing date; the rest after them.
        Sort.CLOSING: [closes_while_open.asc(nulls_last=True)],
        # Owed a response and without one, the longest-waiting first; the rest after them.
        Sort.AWAITING_LONGEST: [awaiting_since.asc(nulls_last=True)],
    }[sort] + ["-pk"]
