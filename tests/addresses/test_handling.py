import pytest
from django.core import mail
from django.utils import timezone

from heard.addresses import services
from heard.addresses.models import Address, AddressPolicy
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from heard.core.models import AuditEvent
from tests import factories
from tests.addresses import factories as make
from tests.addresses.factories import freeze, moment

pytestmark = pytest.mark.django_db


def local_day(value) -> str:
    return timezone.localtime(value).date().isoformat()


def verbs(address) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="addresses.address", subject_id=address.pk)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_staff_reassign_to_another_department():
    address, responder = make.assigned_address()
    other = make.department(address.addressee, "veterans")
    address = services.address_assign(address=address, actor=responder, department=other)
    assert address.department == other and address.status == Address.Status.ASSIGNED
    assert verbs(address)[-1] == "assigned"


def test_a_department_of_another_addressee_cannot_be_assigned():
    address, responder = make.assigned_address()
    with pytest.raises(TransitionNotAllowed):
        services.address_assign(
            address=address, actor=responder, department=make.department(factories.addressee())
        )


def test_extension_moves_the_due_date_once_and_tells_the_applicant(monkeypatch):
    freeze(monkeypatch, moment(2026, 1, 31))
    address, responder = make.assigned_address()
    mail.outbox.clear()
    address = services.address_extend(
        address=address, actor=responder, days=30, reason="We asked the regional office."
    )
    assert address.status == Address.Status.EXTENDED
    assert local_day(address.answer_due_at) == "2026-04-01"
    assert address.number in mail.outbox[0].subject
    assert "We asked the regional office." in mail.outbox[0].body
    with pytest.raises(TransitionNotAllowed):
        services.address_extend(address=address, actor=responder, days=5, reason="again")


@pytest.mark.parametrize("days", [0, 31, -1])
def test_an_extension_beyond_the_policy_is_refused(days):
    address, responder = make.assigned_address()
    with pytest.raises(DomainError):
        services.address_extend(address=address, actor=responder, days=days, reason="why")
    address.refresh_from_db()
    assert address.extended_at is None


def test_the_longest_extension_is_a_setting_per_addressee():
    addressee = factories.addressee()
    AddressPolicy.objects.create(addressee=addressee, number_prefix="TEN", extension_max_days=10)
    address, responder = make.assigned_address(to=addressee)
    with pytest.raises(DomainError):
        services.address_extend(address=address, actor=responder, days=11, reason="why")


def test_an_extension_needs_a_reason():
    address, responder = make.assigned_address()
    with pytest.raises(DomainError):
        services.address_extend(address=address, actor=responder, days=5, reason="  ")


def test_forwarding_to_an_outside_body_closes_and_tells_the_applicant():
    address, responder = make.assigned_address()
    mail.outbox.clear()
    address = services.address_forward(
        address=address, actor=responder, to_body="Prosecutor's office of Moscow"
    )
    assert address.status == Address.Status.FORWARDED and address.closed_at
    assert "Prosecutor's office of Moscow" in mail.outbox[0].body


def test_forwarding_on_the_platform_moves_the_address_with_its_history(monkeypatch):
    freeze(monkeypatch, moment(2026, 2, 1))
    address, responder = make.assigned_address()
    number = address.number
    defence = factories.addressee(slug="defence-test")
    make.route(defence, make.department(defence, "mobilisation"))
    freeze(monkeypatch, moment(2026, 2, 5))
    address = services.address_forward(address=address, actor=responder, to_addressee=defence)
    assert address.addressee == defence and address.number == number
    assert address.department.code == "mobilisation"
    assert address.status == Address.Status.ASSIGNED
    assert local_day(address.answer_due_at) == "2026-03-07"
    assert verbs(address) == ["received", "registered", "assigned", "forwarded"]
    # Now the new addressee's office handles it, and the old one no longer can.
    with pytest.raises(PermissionDenied):
        services.address_answer(address=address, actor=responder, text="x", office="y")
    services.address_answer(
        address=address, actor=factories.responder(defence), text="Yes.", office="MoD"
    )


def test_late_forwarding_is_recorded_as_late(monkeypatch):
    freeze(monkeypatch, moment(2026, 2, 1))
    address, responder = make.assigned_address()
    freeze(monkeypatch, moment(2026, 2, 9))
    services.address_forward(address=address, actor=responder, to_body="Ministry of Health")
    event = AuditEvent.objects.filter(subject_id=address.pk, verb="forwarded").get()
    assert event.data["late"] is True


@pytest.mark.parametrize("target", [{}, {"to_body": "X", "to_addressee": "self"}])
def test_forwarding_needs_exactly_one_target(target):
    address, responder = make.assigned_address()
    if target.get("to_addressee") == "self":
        target["to_addressee"] = factories.addressee()
    with pytest.raises(DomainError):
        services.address_forward(address=address, actor=responder, **target)


def test_forwarding_to_the_same_addressee_is_refused():
    address, responder = make.assigned_address()
    with pytest.raises(TransitionNotAllowed):
        services.address_forward(address=address, actor=responder, to_addressee=address.addressee)


def test_answer_closes_and_emails_the_answer(monkeypatch):
    address, responder = make.assigned_address()
    mail.outbox.clear()
    address = services.address_answer(
        address=address, actor=responder, text="He will be home.", office="Administration"
    )
    assert address.status == Address.Status.ANSWERED and address.answered_at
    assert "He will be home." in mail.outbox[0].body
    with pytest.raises(TransitionNotAllowed):
        services.address_answer(address=address, actor=responder, text="again", office="x")


def test_an_answer_needs_text_and_office():
    address, responder = make.assigned_address()
    with pytest.raises(DomainError):
        services.address_answer(address=address, actor=responder, text=" ", office="x")
    address.refresh_from_db()
    assert address.status == Address.Status.ASSIGNED


def test_merged_addresses_are_answered_with_the_primary():
    primary, responder = make.assigned_address()
    copy, _ = make.address(to=primary.addressee)
    services.address_merge(address=copy, primary=primary, actor=responder)
    copy.refresh_from_db()
    assert copy.status == Address.Status.MERGED and copy.merged_into == primary
    mail.outbox.clear()
    services.address_answer(address=primary, actor=responder, text="One answer.", office="A")
    copy.refresh_from_db()
    assert copy.status == Address.Status.ANSWERED and copy.answer.text == "One answer."
    assert sorted(m.to[0] for m in mail.outbox) == sorted([primary.email, copy.email])
    assert verbs(copy)[-2:] == ["merged", "answered"]


def test_merge_guards():
    primary, responder = make.assigned_address()
    with pytest.raises(TransitionNotAllowed):
        services.address_merge(address=primary, primary=primary, actor=responder)
    foreign, _ = make.address()
    with pytest.raises(PermissionDenied):
        services.address_merge(address=foreign, primary=primary, actor=responder)
    closed, _ = make.address(to=primary.addressee)
    services.address_answer(address=closed, actor=responder, text="a", office="b")
    copy, _ = make.address(to=primary.addressee)
    with pytest.raises(TransitionNotAllowed):
        services.address_merge(address=copy, primary=closed, actor=responder)


def test_merging_a_primary_moves_its_group_to_the_new_primary():
    first, responder = make.assigned_address()
    second, _ = make.address(to=first.addressee)
    third, _ = make.address(to=first.addressee)
    services.address_merge(address=third, primary=second, actor=responder)
    services.address_merge(address=second, primary=first, actor=responder)
    third.refresh_from_db()
    assert third.merged_into == first


def test_a_mass_campaign_merges_in_bulk_with_audit():
    primary, responder = make.assigned_address()
    copies = [make.address(to=primary.addressee)[0] for _ in range(5)]
    foreign, _ = make.address()
    merged = services.address_merge_bulk(
        primary=primary, address_ids=[a.pk for a in copies] + [foreign.pk], actor=responder
    )
    assert merged == 5
    assert Address.objects.filter(merged_into=primary, status="merged").count() == 5
    assert all(verbs(a)[-1] == "merged" for a in copies)


def test_a_group_merged_in_chunks_tells_each_applicant_once(monkeypatch):
    primary, responder = make.assigned_address()
    copies = [make.address(to=primary.addressee)[0] for _ in range(4)]
    mail.outbox.clear()
    freeze(monkeypatch, moment(2026, 3, 2, 10))
    services.address_merge_bulk(
        primary=primary, address_ids=[a.pk for a in copies[:2]], actor=responder
    )
    freeze(monkeypatch, moment(2026, 3, 2, 11))
    services.address_merge_bulk(
        primary=primary, address_ids=[a.pk for a in copies[2:]], actor=responder
    )
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(copy.email for copy in copies)


def test_no_contact_ground_applies_only_without_a_name_or_contact():
    address, responder = make.assigned_address()
    with pytest.raises(TransitionNotAllowed):
        services.address_leave(address=address, actor=responder, ground="no_contact")
    anonymous, _ = make.address(to=address.addressee, applicant_name="", email="")
    anonymous = services.address_leave(
        address=anonymous,
        actor=responder,
        ground="no_contact",
        crime_reported_to="Police of Moscow",
    )
    assert anonymous.status == Address.Status.LEFT_WITHOUT_ANSWER
    assert anonymous.ground == "no_contact" and anonymous.forwarded_to_body == "Police of Moscow"


def test_already_answered_ground_gives_the_earlier_answer():
    earlier, responder = make.assigned_address()
    services.address_answer(address=earlier, actor=responder, text="Earlier.", office="A")
    earlier.refresh_from_db()
    again, _ = make.address(to=earlier.addressee)
    with pytest.raises(TransitionNotAllowed):
        services.address_leave(address=again, actor=responder, ground="already_answered")
    mail.outbox.clear()
    again = services.address_leave(
        address=again, actor=responder, ground="already_answered", earlier=earlier
    )
    assert again.answer == earlier.answer
    assert "Earlier." in mail.outbox[0].body


def test_an_unknown_ground_is_refused():
    address, responder = make.assigned_address()
    with pytest.raises(DomainError):
        services.address_leave(address=address, actor=responder, ground="boring")


@pytest.mark.parametrize(
    "action",
    [
        lambda a, r: services.address_extend(address=a, actor=r, days=3, reason="r"),
        lambda a, r: services.address_forward(address=a, actor=r, to_body="X"),
        lambda a, r: services.address_answer(address=a, actor=r, text="t", office="o"),
        lambda a, r: services.address_leave(address=a, actor=r, ground="unreadable"),
    ],
)
def test_closed_addresses_refuse_every_action(action):
    address, responder = make.assigned_address()
    services.address_leave(address=address, actor=responder, ground="obscene")
    with pytest.raises(TransitionNotAllowed):
        action(address, responder)


def test_an_address_awaiting_registration_cannot_be_answered():
    address, _ = make.address(register=False)
    responder = factories.responder(address.addressee)
    with pytest.raises(TransitionNotAllowed):
        services.address_answer(address=address, actor=responder, text="t", office="o")
