import pytest

from heard.triage import rules
from tests import factories

pytestmark = pytest.mark.django_db


def test_responders_of_the_campaigns_addressee_and_administrators_may_act(world):
    for user in (world.responder, factories.administrator(), factories.superuser()):
        assert rules.can_view(user, world.campaign)
        assert rules.can_run(user, world.campaign)
        assert rules.can_decide(user, world.campaign)
        assert rules.can_use_triage(user)


def test_others_may_not(world):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), factories.user(), factories.moderator(),
                 factories.responder(factories.addressee())):
        assert not rules.can_view(user, world.campaign)
        assert not rules.can_run(user, world.campaign)
        assert not rules.can_decide(user, world.campaign)
    assert not rules.can_use_triage(factories.user())
