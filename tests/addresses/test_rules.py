"""Each permission on its own, per role."""

import pytest

from heard.addresses import rules
from heard.offices.models import StaffRole
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return factories.addressee()


def test_a_responder_handles_only_their_addressee(office):
    responder = factories.responder(office)
    assert rules.can_handle(responder, office)
    assert rules.can_enter(responder, office)
    assert rules.can_open_campaign(responder, office)
    assert not rules.can_handle(responder, factories.addressee())
    assert not rules.can_verify_organisations(responder)


def test_a_moderator_sees_no_addresses(office):
    moderator = factories.moderator()
    assert not rules.can_handle(moderator, office)
    assert not rules.can_enter(moderator, office)
    assert not rules.can_verify_organisations(moderator)


def test_an_administrator_does_everything(office):
    administrator = factories.user(role=StaffRole.Role.ADMINISTRATOR)
    assert rules.can_handle(administrator, office)
    assert rules.can_verify_organisations(administrator)


def test_anonymous_and_plain_users_can_do_nothing(office):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), factories.user()):
        assert not rules.can_handle(user, office)
        assert not rules.can_enter(user, office)
        assert not rules.can_verify_organisations(user)


def test_organisation_members_act_for_it_and_submit_once_verified():
    pending = make.organisation(verified=False)
    member = pending.users.get()
    assert rules.can_act_for_organisation(member, pending)
    assert not rules.can_submit_for_organisation(member, pending)
    assert not rules.can_act_for_organisation(factories.user(), pending)
    verified = make.organisation()
    assert rules.can_submit_for_organisation(verified.users.get(), verified)


def test_an_inactive_member_cannot_act():
    organisation = make.organisation()
    member = organisation.users.get()
    member.is_active = False
    member.save()
    assert not rules.can_act_for_organisation(member, organisation)
