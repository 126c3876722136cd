"""Storing a signature: one hand-written statement for the hot path, the ORM under a row lock
for the rest; both apply the rules of signing_rules.py.

Built through the ORM, a signature cost two queries (the rate-limit count, the insert), a
transaction around them and about a millisecond of query compilation. `signature_upsert` makes
the rate limits, the insert and the one-per-e-mail rule a single autocommitted statement: the
verdict is computed from the same index range read the ORM query made, and a second signature
with the same e-mail digest inserts nothing but updates the row as signing again does (ON
CONFLICT DO UPDATE). Every outcome costs the same single round trip: a slower answer must not
tell that this person has signed. `signature_upsert_locked` does the same through the ORM for
the initiator's signature, made in the new draft's own transaction. Works on PostgreSQL and on
SQLite (3.35+, for RETURNING); columns come from the model, values are parameters (the rules'
constants are written in, quoted by the backend: the statement stays small enough for psycopg
to cache its parsing).
"""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.expressions import RawSQL

from heard.signatures import signing_rules as rules
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
_statements: dict[tuple, str] = {}


def _verdict() -> str:
    # The status of a new row: held when this IP hash has reached the burst or the sustained
    # limit on this appeal, or this e-mail has signed HEARD_MAIL_DAILY appeals in a day (so that
    # nobody can have someone else's mailbox flooded with links); the limits apply only to a
    # signature the block/allow lists left pending. A held signature is kept, unmailed, for a
    # moderator. Only quoted names are formatted in; every value is a parameter.
    table = connection.ops.quote_name(Signature._meta.db_table)
    appeal, ip = rules.column("appeal"), rules.column("ip_digest")
    created = rules.column("created_at")
    return f"""
        WITH seen AS (
            SELECT count(*) FILTER (WHERE {created} >= %s) AS burst,
                count(*) FILTER (WHERE {created} >= %s) AS sustained
            FROM {table}
            WHERE %s AND {appeal} = %s AND {ip} = %s AND {created} >= %s
        ), mailed AS (
            SELECT count(*) AS today FROM {table}
            WHERE %s AND {rules.column("email_digest")} = %s AND {created} >= %s
        ), verdict AS (
            SELECT CASE WHEN (%s AND (burst >= %s OR sustained >= %s)) OR (%s AND today >= %s)
                THEN %s ELSE %s END AS status
            FROM seen, mailed
        )"""  # noqa: S608


def _upsert(cap: int) -> str:
    """The statement: its parameters are the verdict's and the new row's values, in that order;
    the rules' constants are written in, so that it stays within psycopg's limits for caching
    its parsing (4,096 bytes, 50 parameters) instead of being parsed anew for every signature."""
    table = connection.ops.quote_name(Signature._meta.db_table)
    given = ", ".join(rules.column(name) for name in _COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    status, sends, token = rules.column("status"), rules.column("sends"), rules.column("token")
    first = ", ".join(rules.literal(state.value) for state in rules.FIRST_LINK)
    updates = []
    for name, expression in rules.on_signing_again(given=_excluded, cap=cap).items():
        sql, _params = rules.compiled(expression, alias="s")
        updates.append(f"{rules.column(name)} = {sql}")
    return f"""{_verdict()}
INSERT INTO {table} AS s ({given}, {status}, {sends})
SELECT {placeholders}, verdict.status, CASE WHEN verdict.status IN ({first}) THEN 1 ELSE 0 END
FROM verdict WHERE true
ON CONFLICT ({rules.column("appeal")}, {rules.column("email_digest")}) DO UPDATE SET
{", ".join(updates)}
RETURNING id, {status}, {token}"""  # noqa: S608


def _excluded(name: str) -> RawSQL:
    # The value the conflicting insert brought: the new signature's (a quoted column name).
    field = Signature._meta.get_field(name)
    return RawSQL(f"excluded.{rules.column(name)}", (), output_field=field)  # noqa: S611


class Stored(NamedTuple):
    id: int
    status: str
    # Whether the row holds this signature's details: a new row, or a removed marked one revived.
    # False: this e-mail had signed already; its link is due once more (or capped).
    inserted: bool


def _verdict_params(*, values: dict, status: str, rate_limited: bool, now: datetime) -> list:
    adapt = connection.ops.adapt_datetimefield_value
    burst_from = now - timedelta(seconds=settings.HEARD_RATE_BURST_SECONDS)
    sustained_from = now - timedelta(seconds=settings.HEARD_RATE_SUSTAINED_SECONDS)
    limited = rate_limited and status == Signature.Status.PENDING
    checked = limited and bool(values["ip_digest"])
    return [
        adapt(burst_from),
        adapt(sustained_from),
        checked,
        values["appeal"],
        values["ip_digest"],
        adapt(min(burst_from, sustained_from)),
        limited,
        values["email_digest"],
        adapt(now - timedelta(days=1)),
        checked,
        settings.HEARD_RATE_BURST,
        settings.HEARD_RATE_SUSTAINED,
        limited,
        settings.HEARD_MAIL_DAILY,
        Signature.Status.HELD.value,
        status,
    ]


def signature_upsert(*, values: dict, status: str, rate_limited: bool, now: datetime) -> Stored:
    """Insert one signature, or, if this e-mail has signed this appeal already, update that row
    as signing again does (its link due once more, up to HEARD_CONFIRMATION_MAX_SENDS in all;
    a removed marked row revived) and return it, in one statement.

    `values` holds the columns in _COLUMNS (model field names; datetimes timezone-aware). `status`
    is what the block/allow lists decided; with `rate_limited`, a pending signature from an IP
    hash over the burst or sustained limit, or from an e-mail over the daily cap, is held."""
    cap = settings.HEARD_CONFIRMATION_MAX_SENDS
    key = (connection.vendor, cap)
    if key not in _statements:
        _statements[key] = _upsert(cap)
    statement = _statements[key]
    adapt = connection.ops.adapt_datetimefield_value
    params = _verdict_params(values=values, status=status, rate_limited=rate_limited, now=now)
    for name in _COLUMNS:
        value = values[name]
        params.append(adapt(value) if isinstance(value, datetime) else value)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        pk, stored_status, token = cursor.fetchone()
    return Stored(pk, stored_status, inserted=token == values["token"])


@transaction.atomic
def signature_upsert_locked(
    *, values: dict, status: str, rate_limited: bool, now: datetime
) -> Stored:
    """What `signature_upsert` does, through the ORM with the existing row locked: several
    statements, so its time tells whether the address had signed; for callers where that
    tells nothing (the initiator's signature on a draft made in the same transaction)."""
    fields = {name: values[name] for name in _COLUMNS if name not in ("appeal", "region")}
    fields |= {"appeal_id": values["appeal"], "region_id": values["region"]}
    existing = Signature.objects.select_for_update().filter(
        appeal_id=values["appeal"], email_digest=values["email_digest"]
    )
    row = existing.values_list("pk", flat=True).first()
    if row is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"{_verdict()} SELECT status FROM verdict",  # noqa: S608
                _verdict_params(values=values, status=status, rate_limited=rate_limited, now=now),
            )
            verdict = cursor.fetchone()[0]
        try:
            with transaction.atomic():
                made = Signature.objects.create(
                    **fields, status=verdict, sends=rules.first_sends(verdict)
                )
        except IntegrityError:  # the same address signed in the same instant: as signing again
            row = existing.values_list("pk", flat=True).get()
        else:
            return Stored(made.pk, verdict, inserted=True)
    cap = settings.HEARD_CONFIRMATION_MAX_SENDS
    field = Signature._meta.get_field
    again = rules.on_signing_again(given=lambda name: Value(values[name], field(name)), cap=cap)
    Signature.objects.filter(pk=row).update(**again)
    status, token = Signature.objects.values_list("status", "token").get(pk=row)
    return Stored(row, status, inserted=token == values["token"])
