"""The one statement that stores a signature, hand-written because it is the hot path of a spike.

Built through the ORM, a signature cost two queries (the rate-limit count, the insert), a
transaction around them and about a millisecond of query compilation. Here the rate limits,
the insert and the one-per-e-mail rule are a single autocommitted statement: the verdict is
computed from the same index range read the ORM query made, and a second signature with the same
e-mail digest inserts nothing but makes the link due again (ON CONFLICT DO UPDATE).
Works on PostgreSQL and on SQLite (3.35+, for RETURNING); columns come from the model so a
renamed field cannot silently miss.
"""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection

from heard.signatures.models import Signature

_COLUMNS = (
    "appeal",
    "role",
    "name",
    "email",
    "email_digest",
    "email_domain",
    "ip_digest",
    "region",
    "consented_at",
    "show_name",
    "notify",
    "language",
    "token",
    "sent",
    "tallied",
    "created_at",
    "status_before_invalidation",
)


def _column(name: str) -> str:
    return connection.ops.quote_name(Signature._meta.get_field(name).column)


def _statement() -> str:
    table = connection.ops.quote_name(Signature._meta.db_table)
    given = ", ".join(_column(name) for name in _COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    status, sends, appeal = _column("status"), _column("sends"), _column("appeal")
    ip, created, digest = _column("ip_digest"), _column("created_at"), _column("email_digest")
    token, sent, removed = _column("token"), _column("sent"), _column("removed_at")
    before = _column("status_before_invalidation")
    mailed = ", ".join(f"'{value}'" for value in Signature.MAILED)
    invalidated = f"'{Signature.Status.INVALIDATED.value}'"
    # As models.link_mailable: an invalidated row only if its link went out and it stands.
    mailable = (
        f"({table}.{status} IN ({mailed}) OR ({table}.{status} = {invalidated}"
        f" AND {table}.{sent} > 0 AND {table}.{removed} IS NULL))"
    )
    # An invalidated row its signer removed (its name and address erased, the mark and the
    # address's keyed hash kept) takes the new signature's details as a removed row's signer
    # would get a new row: a new link, mailed; the mark stays, so it still never counts.
    revived = f"({table}.{status} = {invalidated} AND {table}.{removed} IS NOT NULL)"
    taken = ", ".join(
        f"{_column(name)} = CASE WHEN {revived} THEN excluded.{_column(name)}"
        f" ELSE {table}.{_column(name)} END"
        for name in _REVIVED
    )
    # `verdict` is held when this IP hash has reached the burst or the sustained limit on this
    # appeal, or this e-mail has signed HEARD_MAIL_DAILY appeals in a day (so that nobody can
    # have someone else's mailbox flooded with links); the limits apply only to a signature the
    # block/allow lists left pending. A held signature is kept, unmailed, for a moderator.
    # An address that signed already gets its link once more (its `sends` raised up to the cap)
    # in the same statement, so every outcome costs the same single round trip: a slower answer
    # must not tell that this person has signed. Only quoted names and the model's own status
    # values are formatted in; every value from outside is a parameter.
    return f"""
        WITH seen AS (
            SELECT count(*) FILTER (WHERE {created} >= %s) AS burst,
                count(*) FILTER (WHERE {created} >= %s) AS sustained
            FROM {table}
            WHERE %s AND {appeal} = %s AND {ip} = %s AND {created} >= %s
        ), mailed AS (
            SELECT count(*) AS today FROM {table}
            WHERE %s AND {digest} = %s AND {created} >= %s
        ), verdict AS (
            SELECT CASE WHEN (%s AND (burst >= %s OR sustained >= %s)) OR (%s AND today >= %s)
                THEN %s ELSE %s END AS status
            FROM seen, mailed
        )
        INSERT INTO {table} ({given}, {status}, {sends})
        SELECT {placeholders}, verdict.status,
            CASE WHEN verdict.status = %s THEN 1 ELSE 0 END
        FROM verdict WHERE true
        ON CONFLICT ({appeal}, {digest}) DO UPDATE SET
            {sends} = CASE
                WHEN {revived} THEN {table}.{sent} + 1
                WHEN {mailable} AND {table}.{sends} < %s THEN {table}.{sends} + 1
                ELSE {table}.{sends} END,
            {taken},
            {_column("confirmed_at")} = CASE WHEN {revived} THEN NULL
                ELSE {table}.{_column("confirmed_at")} END,
            {before} = CASE WHEN {revived} THEN '{Signature.Status.PENDING.value}'
                ELSE {table}.{before} END,
            {removed} = CASE WHEN {revived} THEN NULL ELSE {table}.{removed} END
        RETURNING {table}.id, {table}.{status}, {table}.{token}
    """  # noqa: S608


# What a revived row takes from the new signature (see `_statement`): all the signer gives,
# not the row's identity (appeal, role, the address's hash) nor its bookkeeping.
_KEPT_ON_REVIVAL = ("appeal", "role", "email_digest", "sent", "tallied", "created_at")
_REVIVED = tuple(
    name for name in _COLUMNS if name not in (*_KEPT_ON_REVIVAL, "status_before_invalidation")
)
_statements: dict[str, str] = {}


class Stored(NamedTuple):
    id: int
    status: str
    inserted: bool  # False: this e-mail had signed already; its link is due once more (or capped)


def signature_upsert(*, values: dict, status: str, rate_limited: bool, now: datetime) -> Stored:
    """Insert one signature, or, if this e-mail has signed this appeal already, make its link due
    again (up to HEARD_CONFIRMATION_MAX_SENDS in all) and return the existing row.

    `values` holds the columns in _COLUMNS (model field names; datetimes timezone-aware). `status`
    is what the block/allow lists decided; with `rate_limited`, a pending signature from an IP
    hash over the burst or sustained limit, or from an e-mail over the daily cap, is held."""
    statement = _statements.get(connection.vendor)
    if statement is None:
        statement = _statements[connection.vendor] = _statement()
    adapt = connection.ops.adapt_datetimefield_value
    burst_from = now - timedelta(seconds=settings.HEARD_RATE_BURST_SECONDS)
    sustained_from = now - timedelta(seconds=settings.HEARD_RATE_SUSTAINED_SECONDS)
    limited = rate_limited and status == Signature.Status.PENDING
    checked = limited and bool(values["ip_digest"])
    day_from = adapt(now - timedelta(days=1))
    params = [
        adapt(burst_from),
        adapt(sustained_from),
        checked,
        values["appeal"],
        values["ip_digest"],
        adapt(min(burst_from, sustained_from)),
        limited,
        values["email_digest"],
        day_from,
        checked,
        settings.HEARD_RATE_BURST,
        settings.HEARD_RATE_SUSTAINED,
        limited,
        settings.HEARD_MAIL_DAILY,
        Signature.Status.HELD.value,
        status,
    ]
    for name in _COLUMNS:
        value = values[name]
        params.append(adapt(value) if isinstance(value, datetime) else value)
    params += [Signature.Status.PENDING.value, settings.HEARD_CONFIRMATION_MAX_SENDS]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        pk, stored_status, token = cursor.fetchone()
    return Stored(pk, stored_status, inserted=token == values["token"])
