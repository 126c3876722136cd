"""The signing rules, each written once: which links are mailed, what signing again does (the
send cap, the revival of a removed marked signature) and what a press of the link does (the
silent confirmation of a marked signature).

Each rule is a Q object or an update expression. The locked ORM paths use them as they are
(`.filter(MAILABLE)`, `.update(**on_signing_again(...))`); the hand-written one-statement paths
(store.py, links.py) embed the SQL the ORM compiles from the very same objects (`compiled`), so
the two paths cannot drift apart. tests/signatures/test_signing_rules.py drives both over random
prior states and compares what they leave behind.
"""

from collections.abc import Callable

from django.db import connection
from django.db.models import Case, Expression, F, Q, Value, When
from django.db.models.sql import Query

from heard.signatures.models import Signature

Status = Signature.Status


def _case(name: str, *whens: When) -> Case:
    # The field's value unless a rule applies; typed as the field so that any backend takes it.
    return Case(*whens, default=F(name), output_field=Signature._meta.get_field(name))


# Whose link the outbox mails: pending and confirmed signatures, and an invalidated one whose
# signer already had their link (so that signing again re-sends it, as for anyone) and has not
# removed it. Never one marked fraudulent as it was made, nor one invalidated before its link
# went out: in a flood its address may be anyone's (decision 0405).
# A signature made with a verified identity (heard.identity, decision 0545) has no address and
# no link: its digest is the keyed hash of the identity, which starts with this prefix (an
# e-mail's digest is 64 hex digits). Its signer confirmed it by signing in.
VERIFIED_DIGEST_PREFIX = "oidc:"
VERIFIED = Q(email_digest__startswith=VERIFIED_DIGEST_PREFIX)

MAILABLE = (
    Q(status__in=Signature.MAILED)
    | Q(status=Status.INVALIDATED, sent__gt=0, removed_at__isnull=True)
) & ~VERIFIED

# A new signature's first link goes out only if it is pending (not held, not marked).
FIRST_LINK = (Status.PENDING,)

# An invalidated signature its signer removed (name and address erased; the mark and the
# address's keyed hash kept until retention): signing again with that address revives it with
# the new signature's details and a new link, as an ordinary signer who removed gets a new row.
# The mark stays, so it still never counts.
REVIVABLE = Q(status=Status.INVALIDATED, removed_at__isnull=False)

# What a revived row takes from the new signature: all the signer gives, not the row's identity
# (appeal, role, the address's keyed hash) nor its bookkeeping (sent, tallied, created_at).
TAKEN_ON_REVIVAL = (
    "name",
    "email",
    "email_domain",
    "ip_digest",
    "region",
    "consented_at",
    "show_name",
    "notify",
    "language",
    "token",
)

# What a press of the link confirms: a pending signature, or one marked fraudulent or
# invalidated without its signer being told, not yet pressed and not removed (never the
# initiator's: it is never invalidated, and one marked when made is never mailed its link).
PRESSABLE = Q(status__in=Signature.CONFIRMABLE) | (
    Q(status__in=Signature.SILENT, confirmed_at__isnull=True, removed_at__isnull=True)
    & ~Q(role=Signature.Role.CREATOR)
)

# What the press changes, besides recording its time in `confirmed_at`: a pending signature
# becomes confirmed; a marked one keeps its status, and so stays uncounted, but an invalidation
# reversed later restores it as confirmed (decision 0405). Both go through the same statement.
PRESSED = {
    "status": _case(
        "status", When(status__in=Signature.CONFIRMABLE, then=Value(Status.CONFIRMED.value))
    ),
    "status_before_invalidation": _case(
        "status_before_invalidation",
        When(status_before_invalidation=Status.PENDING, then=Value(Status.CONFIRMED.value)),
    ),
}


def send_again(cap: int) -> Q:
    """An existing signature whose link signing again makes due once more: a mailable one sent
    fewer than `cap` (HEARD_CONFIRMATION_MAX_SENDS) times in all."""
    return MAILABLE & Q(sends__lt=cap)


def first_sends(status: str) -> int:
    """A new row's `sends`: 1 (its link is due) if its status gets a first link, else 0."""
    return int(status in FIRST_LINK)


def on_signing_again(*, given: Callable[[str], Expression], cap: int) -> dict[str, Expression]:
    """The update an existing signature gets when its address signs the same appeal again;
    `given(name)` is the new signature's value of a field. Every expression reads the row as it
    was before the update (as SQL's UPDATE does), so their order does not matter."""
    revived = {name: given(name) for name in TAKEN_ON_REVIVAL} | {
        "sends": F("sent") + 1,
        "confirmed_at": Value(None),
        "status_before_invalidation": Value(Status.PENDING.value),
        "removed_at": Value(None),
    }
    update = {name: [When(REVIVABLE, then=value)] for name, value in revived.items()}
    update["sends"].append(When(send_again(cap), then=F("sends") + 1))
    return {name: _case(name, *whens) for name, whens in update.items()}


def compiled(rule: Q | Expression, *, alias: str = "") -> tuple[str, list]:
    """The SQL and parameters the ORM writes for `rule` on the signatures table, for a
    hand-written statement to embed: its columns qualified by the table's name; or, with
    `alias`, by that short alias and its constants — the rule's own, never a signer's value —
    written in as the backend quotes them, so that a long statement stays within psycopg's
    limits for caching its parsing (store.py)."""
    query = Query(Signature)
    if alias:
        query.change_aliases({query.get_initial_alias(): alias})
    if isinstance(rule, Q):
        node = query.build_where(rule)
    else:
        node = rule.resolve_expression(query, allow_joins=False, for_save=True)
    sql, params = query.get_compiler(connection=connection).compile(node)
    if not alias:
        return sql, list(params)
    return sql % tuple(literal(value) for value in params), []


def literal(value) -> str:
    """A rule's constant as the backend quotes it (Django's quoting for migrations' defaults):
    a status, a number, a truth value or a LIKE pattern (the verified identities' prefix). A %
    is doubled, as the statement it goes into is run with parameters, whose placeholders would
    otherwise misread it (both psycopg and Django's SQLite backend read %% as %)."""
    connection.ensure_connection()
    return connection.schema_editor(atomic=False).quote_value(value).replace("%", "%%")


def column(name: str) -> str:
    return connection.ops.quote_name(Signature._meta.get_field(name).column)
