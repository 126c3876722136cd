from datetime import timedelta

import pytest

from heard.appeals.models import Appeal
from heard.core import clock
from heard.signatures import store
from heard.signatures.models import Signature, new_token
from tests import factories

pytestmark = pytest.mark.django_db


def values(appeal: Appeal, *, digest: str = "d" * 64, ip_digest: str = "i" * 64, **overrides):
    now = clock.now()
    return {
        "appeal": appeal.pk,
        "role": Signature.Role.SIGNER,
        "name": "Vera",
        "email": "",
        "email_digest": digest,
        "email_domain": "example.org",
        "ip_digest": ip_digest,
        "region": factories.region().pk,
        "consented_at": now,
        "show_name": False,
        "notify": False,
        "language": "ru",
        "token": new_token(),
        "sent": 0,
        "tallied": False,
        "created_at": now,
        "status_before_invalidation": "",
    } | overrides


def upsert(appeal: Appeal, **overrides) -> store.Stored:
    return store.signature_upsert(
        values=values(appeal, **overrides), status="pending", rate_limited=True, now=clock.now()
    )


def test_signing_again_stores_nothing_new_and_makes_the_link_due_up_to_the_cap(settings):
    settings.HEARD_CONFIRMATION_MAX_SENDS = 3
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    first = upsert(appeal)
    repeats = [upsert(appeal) for _ in range(4)]

    assert first.inserted and first.status == "pending"
    assert {(stored.id, stored.inserted) for stored in repeats} == {(first.id, False)}
    assert Signature.objects.get(pk=first.id).sends == 3


def test_a_fraud_marked_signer_signing_again_gets_no_link(settings):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    first = store.signature_upsert(
        values=values(appeal), status="fraudulent", rate_limited=False, now=clock.now()
    )

    again = upsert(appeal)

    assert (again.id, again.status, again.inserted) == (first.id, "fraudulent", False)
    assert Signature.objects.get(pk=first.id).sends == 0


def test_the_sustained_limit_counts_only_its_own_window(settings, move_time):
    """Signatures older than the sustained window do not count, even when the burst window is
    set longer than it."""
    settings.HEARD_RATE_BURST, settings.HEARD_RATE_BURST_SECONDS = 100, 7200
    settings.HEARD_RATE_SUSTAINED, settings.HEARD_RATE_SUSTAINED_SECONDS = 2, 3600
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    for number in range(2):
        upsert(appeal, digest=f"{number}" * 64)
    move_time(timedelta(minutes=90))

    within = upsert(appeal, digest="a" * 64, created_at=clock.now())
    also_within = upsert(appeal, digest="b" * 64, created_at=clock.now())
    over = upsert(appeal, digest="c" * 64, created_at=clock.now())

    assert [within.status, also_within.status, over.status] == ["pending", "pending", "held"]


def test_the_signing_statement_is_within_psycopgs_limits_for_caching_its_parsing(settings):
    # Beyond 4,096 bytes or 50 parameters psycopg parses the statement anew for every signature.
    from psycopg import _queries

    for cap in (1, 3, 1000):
        settings.HEARD_CONFIRMATION_MAX_SENDS = cap
        upsert(factories.appeal_in(Appeal.Status.OPEN))
        statement = store._statements[(store.connection.vendor, cap)]
        assert len(statement.encode()) <= _queries.MAX_CACHED_STATEMENT_LENGTH
        assert statement.count("%s") <= _queries.MAX_CACHED_STATEMENT_PARAMS
