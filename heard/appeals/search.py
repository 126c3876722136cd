"""Searching and sorting the public lists of appeals (decision 0542).

PostgreSQL matches words in Russian and English (stemmed) against the stored `search_vector`
column and its GIN index that migration 0003_pages16_search_indexes adds (not a model field):
the title, the group's name and the full text, the text left out for an appeal rejected for what
it says, so that it is never matched. Stored, because a common word matches most appeals and
stemming each text again per search took seconds (decision 0542).
SQLite, the embedded mode, matches substrings: its LIKE folds case only for Latin letters, so a
Cyrillic word is also tried as written, in lower case and capitalised."""

from django.db import connection
from django.db.models import BooleanField, Case, F, Q, QuerySet, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from heard.appeals.models import Appeal

# What migration 0003_pages16_search_indexes generates the column from; tests/appeals/
# test_search.py checks that the two agree. Changing the hidden codes needs a migration that
# generates the column again.
COLUMN = "search_vector"
QUERY = "(websearch_to_tsquery('russian', %s) || websearch_to_tsquery('english', %s))"


def document_sql(*, qualify: bool) -> str:
    table = Appeal._meta.db_table

    def column(name: str) -> str:
        return f'"{table}"."{name}"' if qualify else f'"{name}"'

    hidden_codes = ", ".join(f"'{code}'" for code in Appeal.HIDDEN_TEXT_CODES)
    hidden = (
        f"{column('status')} = '{Appeal.Status.REJECTED}'"
        f" AND {column('rejection_code')} IN ({hidden_codes})"
    )
    return (
        f"coalesce({column('title')}, '') || ' ' || coalesce({column('group_name')}, '')"
        f" || ' ' || CASE WHEN {hidden} THEN '' ELSE coalesce({column('text')}, '') END"
    )


def vector_sql(*, qualify: bool) -> str:
    document = document_sql(qualify=qualify)
    return f"(to_tsvector('russian', {document}) || to_tsvector('english', {document}))"


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


def appeals_matching(appeals: QuerySet[Appeal], query: str) -> QuerySet[Appeal]:
    query = " ".join(query.split())
    if not query:
        return appeals
    if connection.vendor == "postgresql":
        # The SQL is this module's constants; the visitor's words go in as parameters.
        column = f'"{Appeal._meta.db_table}"."{COLUMN}"'
        matches = RawSQL(  # noqa: S611
            f"{column} @@ {QUERY}", [query, query], output_field=BooleanField()
        )
        return appeals.filter(matches)
    # Texts hidden by a rejection are not searchable either.
    hidden = Q(status=Appeal.Status.REJECTED, rejection_code__in=Appeal.HIDDEN_TEXT_CODES)
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
