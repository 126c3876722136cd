"""The signer's link in one statement each (heard/signatures/links.py)."""

import pytest

from heard.appeals.models import Appeal
from heard.core import clock
from heard.signatures import links, services
from heard.signatures.models import Signature
from tests import factories

pytestmark = pytest.mark.django_db

OPEN = (Appeal.Status.OPEN,)


@pytest.fixture
def open_appeal():
    return factories.appeal_in(Appeal.Status.OPEN, title="Light the underpass")


def test_a_link_reads_its_signature_and_appeal_in_one_query(
    open_appeal, django_assert_num_queries
):
    signed = factories.sign(open_appeal, confirm=False)

    with django_assert_num_queries(1):
        found = links.signature_by_link(signature_id=signed.pk, token=signed.token)
        shown = (found.pk, found.status, found.role, found.appeal.title, found.appeal.is_public)

    assert shown == (signed.pk, "pending", "signer", "Light the underpass", True)
    assert found.confirmed_at is None
    # The personal data is not read; touching it would be a query of its own.
    assert {"name", "email", "ip_digest"} <= found.get_deferred_fields()


@pytest.mark.parametrize("pk_offset", [0, None, -1, 2**64])
def test_a_link_that_is_not_ours_finds_nothing(open_appeal, pk_offset):
    signed = factories.sign(open_appeal, confirm=False)
    other = factories.sign(open_appeal, confirm=False)

    if pk_offset is None:  # another signature's token
        found = links.signature_by_link(signature_id=signed.pk, token=other.token)
    elif pk_offset == 0:
        last = "y" if signed.token.endswith("x") else "x"  # always a different token
        found = links.signature_by_link(signature_id=signed.pk, token=signed.token[:-1] + last)
    else:  # an id no signature can have, with a real token
        found = links.signature_by_link(signature_id=pk_offset, token=signed.token)

    assert found is None


def test_the_confirmed_time_reads_back_aware(open_appeal):
    signed = factories.sign(open_appeal)

    found = links.signature_by_link(signature_id=signed.pk, token=signed.token)

    stored = Signature.objects.get(pk=signed.pk).confirmed_at
    assert found.confirmed_at == stored and found.confirmed_at.tzinfo is not None


def test_an_ordinary_signature_is_confirmed_in_one_statement(
    open_appeal, django_assert_num_queries, settings
):
    signed = factories.sign(open_appeal, confirm=False)
    settings.HEARD_NUDGE_JOBS = False  # as in production: the counting job runs on its tick
    found = links.signature_by_link(signature_id=signed.pk, token=signed.token)

    with django_assert_num_queries(1):
        confirmed = services.signature_confirm(signature=found)

    stored = Signature.objects.get(pk=signed.pk)
    assert (confirmed.status, stored.status) == ("confirmed", "confirmed")
    assert stored.confirmed_at == confirmed.confirmed_at


@pytest.mark.parametrize("status", Signature.SILENT)
def test_a_silently_marked_signature_is_pressed_in_the_same_one_statement(
    open_appeal, django_assert_num_queries, settings, status
):
    signed = factories.sign(open_appeal, confirm=False)
    Signature.objects.filter(pk=signed.pk).update(
        status=status, status_before_invalidation="pending" if status == "invalidated" else ""
    )
    settings.HEARD_NUDGE_JOBS = False
    found = links.signature_by_link(signature_id=signed.pk, token=signed.token)

    with django_assert_num_queries(1):
        pressed = services.signature_confirm(signature=found)

    stored = Signature.objects.get(pk=signed.pk)
    assert (pressed.status, stored.status) == (status, status)
    assert stored.confirmed_at == pressed.confirmed_at is not None
    assert pressed.status_shown == "confirmed"
    assert stored.status_before_invalidation == ("confirmed" if status == "invalidated" else "")


ELSE = ["confirmed already", "appeal closed", "sponsor", "marked and pressed", "marked and removed"]


@pytest.mark.parametrize("case", ELSE)
def test_anything_else_changes_nothing_in_the_one_statement(open_appeal, case):
    signed = factories.sign(open_appeal, confirm=case == "confirmed already")
    marked = Signature.objects.filter(pk=signed.pk)
    if case == "appeal closed":
        Appeal.objects.filter(pk=open_appeal.pk).update(status=Appeal.Status.CLOSED)
    elif case == "sponsor":
        marked.update(role=Signature.Role.SPONSOR)
    elif case == "marked and pressed":
        marked.update(status=Signature.Status.FRAUDULENT, confirmed_at=clock.now())
    elif case == "marked and removed":
        marked.update(status=Signature.Status.FRAUDULENT, removed_at=clock.now())
    before = Signature.objects.values("status", "confirmed_at").get(pk=signed.pk)

    assert (
        links.signer_confirm(signature_id=signed.pk, now=clock.now(), appeal_states=OPEN) is None
    )
    assert Signature.objects.values("status", "confirmed_at").get(pk=signed.pk) == before


def test_confirming_on_a_closed_appeal_still_explains(open_appeal):
    signed = factories.sign(open_appeal, confirm=False)
    Appeal.objects.filter(pk=open_appeal.pk).update(status=Appeal.Status.CLOSED)
    found = links.signature_by_link(signature_id=signed.pk, token=signed.token)

    with pytest.raises(services.TransitionNotAllowed):
        services.signature_confirm(signature=found)

    assert Signature.objects.get(pk=signed.pk).status == "pending"
