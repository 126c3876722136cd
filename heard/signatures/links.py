"""The signer's link in a spike: one hand-written statement to read it, one to confirm.

Every signer opens their e-mailed link, presses the button and sees the confirmed page. Through
the ORM each step compiled its query afresh (about a millisecond of CPU), and confirming read the
signature under a lock, read the appeal's state and saved: three round trips in a transaction.
Here reading the link's signature with its appeal is one statement, and confirming an ordinary
signature — what signing_rules.PRESSABLE names: pending, or silently marked and not yet pressed —
is one autocommitted UPDATE (signing_rules.PRESSED) that checks the appeal's state in the same
statement (without locking the appeal row, as before).
Anything else — already confirmed, an appeal no longer open, an initiator or sponsor — updates
nothing here and goes through `services.signature_confirm`'s locked path, which says why.
Columns come from the models, so a renamed field cannot silently miss; values are parameters.
"""

import hmac
from datetime import datetime

from django.db import connection
from django.utils import timezone

from heard.appeals.models import Appeal
from heard.signatures import signing_rules as rules
from heard.signatures.models import Signature

# The largest id a signature can have (a 64-bit key): a larger number in a link matches nothing
# and must not reach the database as an out-of-range parameter.
ID_MAX = 2**63 - 1

_SIGNATURE_FIELDS = ("id", "token", "status", "role", "confirmed_at", "removed_at", "appeal")
_APPEAL_FIELDS = ("id", "title", "status")


def _in_model_order(model, names: tuple[str, ...]) -> list[str]:
    # Model.from_db takes a partial row in the order of the model's own fields.
    return [field.attname for field in model._meta.concrete_fields if field.name in names]


_SIGNATURE_ORDER = _in_model_order(Signature, _SIGNATURE_FIELDS)
_APPEAL_ORDER = _in_model_order(Appeal, _APPEAL_FIELDS)
_statements: dict[tuple, object] = {}


def _statement(name: str, *shape):
    key = (connection.vendor, name, *shape)
    if key not in _statements:
        _statements[key] = {"read": _read, "confirm": _confirm}[name](*shape)
    return _statements[key]


def _quote(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _read() -> str:
    signatures = connection.ops.quote_name(Signature._meta.db_table)
    appeals = connection.ops.quote_name(Appeal._meta.db_table)
    columns = [f"s.{_quote(Signature, name)}" for name in _SIGNATURE_ORDER]
    columns += [f"a.{_quote(Appeal, name)}" for name in _APPEAL_ORDER]
    joined = f"a.{_quote(Appeal, 'id')} = s.{_quote(Signature, 'appeal')}"
    return f"""
        SELECT {", ".join(columns)}
        FROM {signatures} s JOIN {appeals} a ON {joined}
        WHERE s.{_quote(Signature, "id")} = %s
    """  # noqa: S608


def _confirm(states: int) -> tuple[str, list, list]:
    """The statement, and the parameters of its rules: of what is set, of which rows."""
    signatures = connection.ops.quote_name(Signature._meta.db_table)
    appeals = connection.ops.quote_name(Appeal._meta.db_table)
    updates, params = [], []
    for name, expression in rules.PRESSED.items():
        sql, expression_params = rules.compiled(expression)
        updates.append(f"{rules.column(name)} = {sql}")
        params += expression_params
    pressable, pressable_params = rules.compiled(rules.PRESSABLE)
    appeal_in = ", ".join(["%s"] * states)
    # A pending signature becomes confirmed; one marked fraudulent or invalidated without its
    # signer being told gets the same statement, its press recorded and its status kept, so
    # the work done, and so the time taken, is the same (decision 0405).
    statement = f"""
        UPDATE {signatures} SET {", ".join(updates)}, {rules.column("confirmed_at")} = %s
        WHERE {pressable} AND {rules.column("id")} = %s AND {rules.column("role")} = %s
            AND EXISTS (
                SELECT 1 FROM {appeals}
                WHERE {appeals}.{_quote(Appeal, "id")} = {signatures}.{rules.column("appeal")}
                    AND {appeals}.{_quote(Appeal, "status")} IN ({appeal_in})
            )
        RETURNING {rules.column("status")}
    """  # noqa: S608
    return statement, params, pressable_params


def _aware(value: datetime | None) -> datetime | None:
    # PostgreSQL gives aware datetimes; SQLite gives the stored time without its zone, which is
    # the connection's (as Django's own SQLite converter reads it).
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, connection.timezone)
    return value


def signature_by_link(*, signature_id: int, token: str) -> Signature | None:
    """The signature a link names, with its appeal's id, title and state, if the token is its
    own; None for any other link. Only what the link's pages show is read: the row's personal
    data stays undecrypted and unread (other fields load on access, as deferred fields do)."""
    if not token or not 0 < signature_id <= ID_MAX:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_statement("read"), [signature_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = dict(zip(_SIGNATURE_ORDER, row, strict=False))
    if not hmac.compare_digest(values["token"].encode(), token.encode()):
        return None
    values["confirmed_at"] = _aware(values["confirmed_at"])
    values["removed_at"] = _aware(values["removed_at"])
    signature = Signature.from_db(connection.alias, _SIGNATURE_ORDER, list(values.values()))
    signature.appeal = Appeal.from_db(connection.alias, _APPEAL_ORDER, row[len(_SIGNATURE_ORDER) :])
    return signature


def signer_confirm(*, signature_id: int, now: datetime, appeal_states: tuple) -> str | None:
    """Confirm an ordinary signature whose appeal is in one of `appeal_states`, in one statement:
    a pending one becomes confirmed; one silently marked (fraudulent, invalidated), not yet
    pressed and not removed, gets its press recorded and keeps its status. Returns the status
    the row has now, or None if it was anything else (nothing is changed then)."""
    statement, pressed, pressable = _statement("confirm", len(appeal_states))
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [
                *pressed,
                connection.ops.adapt_datetimefield_value(now),
                *pressable,
                signature_id,
                Signature.Role.SIGNER.value,
                *(state.value for state in appeal_states),
            ],
        )
        row = cursor.fetchone()
    return row[0] if row else None
