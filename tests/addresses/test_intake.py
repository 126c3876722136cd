import threading

import pytest
from django.core import mail
from django.utils import timezone

from heard.addresses import codes, services
from heard.addresses.models import Address, AddressPolicy
from heard.core.errors import DomainError, PermissionDenied
from heard.core.models import AuditEvent
from tests import factories
from tests.addresses import factories as make
from tests.addresses.factories import freeze, moment

pytestmark = pytest.mark.django_db


def test_a_web_address_is_received_and_registered_at_once(monkeypatch):
    freeze(monkeypatch, moment(2026, 1, 31, hour=10))
    address, code = make.address()
    assert address.status == Address.Status.REGISTERED
    assert address.received_at == address.registered_at
    assert timezone.localtime(address.registration_due_at).date().isoformat() == "2026-02-03"
    assert timezone.localtime(address.answer_due_at).date().isoformat() == "2026-03-02"
    assert timezone.localtime(address.forwarding_due_at).date().isoformat() == "2026-02-07"
    assert codes.tracking_code_matches(code=code, stored_hash=address.tracking_code_hash)
    assert code not in str(Address.objects.filter(pk=address.pk).values().get())


def test_the_applicant_gets_the_number_and_the_code_by_email():
    address, code = make.address()
    assert len(mail.outbox) == 1
    assert address.number in mail.outbox[0].subject
    assert code in mail.outbox[0].body


def test_numbers_follow_the_addressee_format_and_restart_each_year(monkeypatch):
    addressee = factories.addressee()
    AddressPolicy.objects.create(
        addressee=addressee, number_prefix="DL", number_format="{prefix}-{year}-{seq:07d}"
    )
    freeze(monkeypatch, moment(2026, 12, 31))
    first, _ = make.address(to=addressee)
    second, _ = make.address(to=addressee)
    freeze(monkeypatch, moment(2027, 1, 1))
    third, _ = make.address(to=addressee)
    assert [first.number, second.number, third.number] == [
        "DL-2026-0000001",
        "DL-2026-0000002",
        "DL-2027-0000001",
    ]


def test_a_policy_with_defaults_is_created_when_missing():
    addressee = factories.addressee(slug="direct-line")
    address, _ = make.address(to=addressee)
    assert address.number.startswith("DIRECTLINE-2")
    assert addressee.address_policy.answer_days == 30


def test_routing_prefers_the_most_specific_rule():
    addressee = factories.addressee()
    topic = make.category(addressee)
    general, by_topic, by_both = (make.department(addressee, code) for code in "abc")
    make.route(addressee, general)
    make.route(addressee, by_topic, category=topic)
    make.route(addressee, by_both, category=topic, region=factories.region())
    plain, _ = make.address(to=addressee)
    topical, _ = make.address(to=addressee, category=topic)
    local, _ = make.address(to=addressee, category=topic, region=factories.region())
    assert [plain.department, topical.department, local.department] == [general, by_topic, by_both]
    assert local.status == Address.Status.ASSIGNED and local.assigned_at is not None


def test_an_address_without_a_name_is_recorded_as_anonymous():
    address, _ = make.address(applicant_name="  ", email="")
    assert address.anonymous and not address.has_contact
    assert not mail.outbox


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"text": "   "}, "text_required"),
        ({"text": "x" * 20_001}, "text_too_long"),
        ({"email": "not-an-email"}, "invalid_email"),
        ({"kind": "poem"}, "invalid_kind"),
        ({"channel": "pigeon"}, "invalid_channel"),
    ],
)
def test_bad_input_stores_nothing(overrides, code):
    with pytest.raises(DomainError) as error:
        make.address(**overrides)
    assert error.value.code == code
    assert not Address.objects.exists()


def test_a_category_of_another_addressee_is_refused():
    other = make.category(factories.addressee())
    with pytest.raises(DomainError):
        make.address(category=other)
    assert not Address.objects.exists()


def test_only_the_office_enters_addresses_from_other_channels():
    addressee = factories.addressee()
    with pytest.raises(PermissionDenied):
        make.address(to=addressee, channel=Address.Channel.PHONE)
    with pytest.raises(PermissionDenied):
        make.address(to=addressee, channel=Address.Channel.POST, entered_by=factories.moderator())
    assert not Address.objects.exists()


def test_staff_entry_keeps_the_date_of_receipt_and_registers_on_entry(monkeypatch):
    addressee = factories.addressee()
    responder = factories.responder(addressee)
    freeze(monkeypatch, moment(2026, 3, 10))
    address, _ = make.address(
        to=addressee,
        channel=Address.Channel.POST,
        received_at=moment(2026, 3, 2),
        entered_by=responder,
    )
    assert timezone.localtime(address.received_at).day == 2
    assert timezone.localtime(address.registration_due_at).day == 5
    assert timezone.localtime(address.answer_due_at).date().isoformat() == "2026-04-09"
    assert address.entered_by == responder


def test_staff_cannot_enter_a_future_date(monkeypatch):
    addressee = factories.addressee()
    freeze(monkeypatch, moment(2026, 3, 10))
    with pytest.raises(DomainError):
        make.address(
            to=addressee,
            channel=Address.Channel.SMS,
            received_at=moment(2026, 3, 11),
            entered_by=factories.responder(addressee),
        )


def test_bulk_intake_waits_for_registration_then_registers():
    address, _ = make.address(register=False)
    assert address.status == Address.Status.RECEIVED and address.answer_due_at is None
    assert services.addresses_register_received() == 1
    address.refresh_from_db()
    assert address.status == Address.Status.REGISTERED and address.answer_due_at


def test_registration_is_a_guarded_transition():
    address, _ = make.address()
    with pytest.raises(DomainError):
        services.address_register(address=address)


def test_every_step_is_audited():
    address, _ = make.address()
    verbs = list(
        AuditEvent.objects.filter(
            subject_id=address.pk, subject_type="addresses.address"
        ).values_list("verb", flat=True)
    )
    assert verbs == ["received", "registered"]


def test_addresses_in_a_campaign_window_join_it(monkeypatch):
    addressee = factories.addressee()
    topic = make.category(addressee)
    freeze(monkeypatch, moment(2026, 12, 1))
    campaign = services.campaign_open(
        addressee=addressee,
        actor=factories.responder(addressee),
        slug="direct-line-2026",
        title="Direct Line 2026",
        starts_at=moment(2026, 12, 5),
        ends_at=moment(2026, 12, 19),
        channels=["web", "sms"],
        categories=[topic],
    )
    before, _ = make.address(to=addressee, category=topic)
    freeze(monkeypatch, moment(2026, 12, 10))
    inside, _ = make.address(to=addressee, category=topic)
    other_topic, _ = make.address(to=addressee)
    api, _ = make.address(to=addressee, category=topic, channel=Address.Channel.API)
    assert [a.campaign for a in (before, inside, other_topic, api)] == [None, campaign, None, None]


def test_organisations_submit_only_when_verified_and_with_consent():
    pending = make.organisation(verified=False)
    with pytest.raises(PermissionDenied):
        make.address(organisation=pending, member_consent=True)
    verified = make.organisation()
    with pytest.raises(DomainError) as error:
        make.address(organisation=verified, member_consent=False)
    assert error.value.code == "consent_required"
    address, _ = make.address(organisation=verified, member_consent=True)
    assert address.organisation == verified and address.member_consent_at


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_numbers_are_unique_under_concurrent_intake():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database cannot take concurrent writers")
    addressee = factories.addressee()
    codes.policy_for(addressee)
    numbers, errors = [], []

    def send():
        from django.db import connection

        try:
            for _ in range(5):
                numbers.append(make.address(to=addressee, email="")[0].number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(numbers)) == len(numbers) == 20
