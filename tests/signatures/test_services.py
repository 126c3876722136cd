import pytest
from django.core import mail

from heard.appeals.models import Appeal, AppealRegionCount
from heard.core.audit import audit_events_for
from heard.core.errors import TransitionNotAllowed
from heard.signatures import services
from heard.signatures.models import Signature
from tests import factories

pytestmark = pytest.mark.django_db

Status = Appeal.Status


@pytest.fixture
def open_appeal():
    return factories.appeal_in(Status.OPEN, to=factories.addressee(response_threshold=100))


def count(appeal: Appeal) -> int:
    return Appeal.objects.get(pk=appeal.pk).signature_count


def test_signing_stores_a_pending_signature_and_mails_its_link(open_appeal):
    mail.outbox.clear()

    signature = factories.sign(open_appeal, email="Vera@Example.org", confirm=False)

    assert signature.status == Signature.Status.PENDING
    assert signature.email == "vera@example.org"
    [message] = mail.outbox
    assert message.to == ["vera@example.org"]
    assert signature.token in message.body
    # The row with its timestamps is the record; no audit event per signature (decision 0400).
    assert not audit_events_for(subject=signature).exists()


def test_only_confirmed_signatures_count(open_appeal):
    before = count(open_appeal)
    pending = factories.sign(open_appeal, confirm=False)
    assert count(open_appeal) == before

    services.signature_confirm(signature=pending)

    assert count(open_appeal) == before + 1


def test_confirming_twice_counts_once(open_appeal):
    signature = factories.sign(open_appeal, confirm=False)
    services.signature_confirm(signature=signature)
    after_first = count(open_appeal)

    again = services.signature_confirm(signature=signature)

    assert again.status == Signature.Status.CONFIRMED
    assert count(open_appeal) == after_first
    assert Signature.objects.get(pk=signature.pk).tallied


@pytest.mark.parametrize(
    "same_email", ["voter@example.org", "VOTER@Example.ORG", "  voter@example.org  "]
)
def test_duplicate_signature_creates_nothing_and_resends_the_same_link(open_appeal, same_email):
    first = factories.sign(open_appeal, email="voter@example.org", confirm=False)
    mail.outbox.clear()

    again = factories.sign(open_appeal, email=same_email, name="Someone else", confirm=False)

    assert again.pk == first.pk
    assert open_appeal.signatures.filter(**factories.by_email("voter@example.org")).count() == 1
    [message] = mail.outbox
    assert first.token in message.body


def test_duplicate_signature_sends_no_second_count(open_appeal):
    factories.sign(open_appeal, email="voter@example.org")
    before = count(open_appeal)

    factories.sign(open_appeal, email="voter@example.org")

    assert count(open_appeal) == before


def test_the_link_is_sent_at_most_the_configured_number_of_times(open_appeal, settings):
    settings.HEARD_CONFIRMATION_MAX_SENDS = 3
    mail.outbox.clear()

    for _ in range(6):
        factories.sign(open_appeal, email="eager@example.org", confirm=False)

    assert len(mail.outbox) == 3
    assert open_appeal.signatures.get(**factories.by_email("eager@example.org")).sends == 3


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CLOSED, Status.REJECTED])
def test_signing_an_appeal_that_is_not_open_is_refused(status):
    appeal = factories.appeal_in(status)
    before = Signature.objects.count()

    with pytest.raises(TransitionNotAllowed, match="not open for signing"):
        factories.sign(appeal, confirm=False)
    assert Signature.objects.count() == before


def test_confirming_after_the_appeal_closed_is_refused(open_appeal, move_time):
    signature = factories.sign(open_appeal, confirm=False)
    before = count(open_appeal)
    move_time(open_appeal.closes_at - open_appeal.opened_at)
    factories.appeal_services.appeals_close_expired()

    with pytest.raises(TransitionNotAllowed, match="no longer open"):
        services.signature_confirm(signature=signature)
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.PENDING
    assert count(open_appeal) == before


def test_inactive_region_is_refused(open_appeal):
    region = factories.region("SPE")
    region.active = False
    region.save()

    with pytest.raises(TransitionNotAllowed):
        factories.sign(open_appeal, region=region, confirm=False)
    assert not open_appeal.signatures.filter(region=region).exists()


def test_counts_by_region(open_appeal):
    factories.sign(open_appeal, region=factories.region("SPE"))
    factories.sign(open_appeal, region=factories.region("SPE"))
    factories.sign(open_appeal, region=factories.region("NVS"), confirm=False)

    by_region = dict(
        AppealRegionCount.objects.filter(appeal=open_appeal).values_list("region__code", "count")
    )

    assert by_region == {"MOW": 3, "SPE": 2}


def test_token_lookup_needs_the_signatures_own_token(open_appeal):
    mine = factories.sign(open_appeal, confirm=False)
    theirs = factories.sign(open_appeal, confirm=False)

    assert services.signature_by_token(signature_id=mine.pk, token=mine.token) == mine
    assert services.signature_by_token(signature_id=mine.pk, token=theirs.token) is None
    assert services.signature_by_token(signature_id=mine.pk, token="") is None
    assert services.signature_by_token(signature_id=10**6, token=mine.token) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_confirmations_do_not_queue_behind_each_other_on_the_appeal_row(regions):
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database cannot take concurrent writers")
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    first = factories.sign(appeal, confirm=False)
    second = factories.sign(appeal, confirm=False)
    held, release, errors = threading.Event(), threading.Event(), []

    def confirm_and_hold():
        from django.db import connection

        try:
            with transaction.atomic():
                services.signature_confirm(signature=first)
                held.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            held.set()
            connection.close()

    thread = threading.Thread(target=confirm_and_hold)
    thread.start()
    held.wait(10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            services.signature_confirm(signature=second)  # would time out if it had to wait
            with connection.cursor() as cursor:  # and a moderator's update is not held up either
                cursor.execute("UPDATE appeals_appeal SET title = title WHERE id = %s", [appeal.pk])
    finally:
        release.set()
        thread.join()

    assert not errors
    statuses = set(Signature.objects.filter(pk__in=[first.pk, second.pk]).values_list("status"))
    assert statuses == {(Signature.Status.CONFIRMED,)}
