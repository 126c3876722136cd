"""The one-statement paths and the locked ORM paths apply the same signing rules
(heard/signatures/signing_rules.py): driven over random prior states, both leave the same row
behind — its status, its details, whether it counts, whether its link is mailed."""

import contextlib
import itertools
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.appeals.models import Appeal
from heard.core import clock
from heard.core.errors import TransitionNotAllowed
from heard.signatures import links, services, store
from heard.signatures.models import Signature, new_token, untallied
from heard.signatures.privacy import encrypt
from heard.signatures.signing_rules import MAILABLE
from tests import factories

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    # The appeals are made once per test; every example makes its own rows.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
_numbers = itertools.count()

prior_rows = st.fixed_dictionaries(
    {
        "status": st.sampled_from(Signature.Status.values),
        "confirmed": st.booleans(),
        "removed": st.booleans(),
        "before": st.sampled_from(["", "pending", "confirmed", "removed"]),
        "sent": st.integers(0, 4),
        "unsent": st.integers(0, 2),
    }
)
ORDINARY = {"status": "confirmed", "confirmed": True, "removed": False, "before": ""}
ORDINARY |= {"sent": 1, "unsent": 0}


@pytest.fixture
def appeals():
    return {
        "open": factories.appeal_in(Appeal.Status.OPEN),
        "closed": factories.appeal_in(Appeal.Status.CLOSED),
        "draft": factories.draft_appeal(),
    }


def _row(appeal: Appeal, *, digest: str, ip: str, prior: dict, **fields) -> Signature:
    now = clock.now()
    return Signature.objects.create(
        appeal=appeal,
        region=factories.region(),
        name="Old Name",
        email="old@example.org",
        email_digest=digest,
        email_domain="example.org",
        ip_digest=ip,
        consented_at=now - timedelta(hours=2),
        created_at=now - timedelta(hours=2),
        status=prior["status"],
        confirmed_at=now - timedelta(hours=1) if prior["confirmed"] else None,
        removed_at=now - timedelta(minutes=30) if prior["removed"] else None,
        status_before_invalidation=prior["before"],
        sent=prior["sent"],
        sends=prior["sent"] + prior["unsent"],
        **fields,
    )


def _outcome(pk: int, *, token: str, ip: str, prior_confirmed_at) -> tuple:
    """What a signer, the outbox and the count see of the row."""
    row = Signature.objects.get(pk=pk)
    due = Signature.objects.filter(MAILABLE, pk=pk, sent__lt=F("sends")).exists()
    return (
        row.status,
        row.status_before_invalidation,
        row.sends - row.sent,
        (row.name, row.email, row.ip_digest == ip, row.token == token, row.language),
        row.confirmed_at is None,
        row.confirmed_at != prior_confirmed_at,
        row.removed_at is None,
        row.status_shown,
        row.is_counted,
        Signature.objects.filter(untallied(), pk=pk).exists(),
        due,
    )


@EXAMPLES
@given(
    prior=st.none() | prior_rows,
    listed=st.sampled_from([Signature.Status.PENDING, Signature.Status.FRAUDULENT]),
    rate_limited=st.booleans(),
    same_ip=st.integers(0, 2),
    elsewhere=st.integers(0, 2),
    burst=st.integers(1, 3),
    daily=st.integers(1, 3),
    cap=st.integers(1, 4),
)
def test_signing_again_leaves_the_same_row_on_both_paths(
    appeals, prior, listed, rate_limited, same_ip, elsewhere, burst, daily, cap
):
    outcomes = []
    for upsert in (store.signature_upsert, store.signature_upsert_locked):
        number = next(_numbers)
        digest, ip = f"{number:064d}", f"ip{number:062d}"
        appeal = appeals["open"]
        prior_confirmed_at = None
        if prior is not None:
            prior_confirmed_at = _row(appeal, digest=digest, ip="old", prior=prior).confirmed_at
        for other in range(same_ip):
            _row(appeal, digest=f"other{number}-{other}", ip=ip, prior=ORDINARY)
        for other in ("closed", "draft")[:elsewhere]:  # the daily cap counts every appeal
            _row(appeals[other], digest=digest, ip="", prior=ORDINARY)
        token = new_token()
        values = {
            "appeal": appeal.pk,
            "role": Signature.Role.SIGNER,
            "name": "New Name",
            "email": encrypt("new@example.net"),
            "email_digest": digest,
            "email_domain": "example.net",
            "ip_digest": ip,
            "region": factories.region().pk,
            "consented_at": clock.now(),
            "show_name": True,
            "notify": True,
            "language": "en",
            "token": token,
            "sent": 0,
            "tallied": False,
            "created_at": clock.now(),
            "status_before_invalidation": "",
        }
        with override_settings(
            HEARD_CONFIRMATION_MAX_SENDS=cap,
            HEARD_RATE_BURST=burst,
            HEARD_RATE_SUSTAINED=burst + 1,
            HEARD_MAIL_DAILY=daily,
        ):
            stored = upsert(
                values=values, status=listed, rate_limited=rate_limited, now=clock.now()
            )
        answer = (stored.status, stored.inserted)
        outcomes.append(
            (answer, _outcome(stored.id, token=token, ip=ip, prior_confirmed_at=prior_confirmed_at))
        )

    assert outcomes[0] == outcomes[1]


@EXAMPLES
@given(prior=prior_rows, appeal_state=st.sampled_from(["open", "closed"]))
def test_a_press_of_the_link_leaves_the_same_row_on_both_paths(appeals, prior, appeal_state):
    """The one statement confirms exactly what the locked path would; where it changes nothing,
    the locked path changes nothing either (or refuses: the appeal is closed)."""
    outcomes = []
    for path in ("one statement", "locked"):
        number = next(_numbers)
        row = _row(appeals[appeal_state], digest=f"{number:064d}", ip="ip", prior=prior)
        if path == "one statement":
            links.signer_confirm(
                signature_id=row.pk,
                now=clock.now(),
                appeal_states=services.CONFIRMABLE_STATES[Signature.Role.SIGNER],
            )
        else:
            # As in production, the counting job runs on its tick, not after this press.
            with (
                override_settings(HEARD_NUDGE_JOBS=False),
                contextlib.suppress(TransitionNotAllowed),
            ):
                services._signature_confirm_locked(signature=row)
        outcomes.append(
            _outcome(row.pk, token=row.token, ip="ip", prior_confirmed_at=row.confirmed_at)
        )

    assert outcomes[0] == outcomes[1]
