from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from heard.core import clock
from tests import factories


def _dashboard(client):
    return client.get(reverse("offices:dashboard"))


@pytest.mark.django_db
def test_a_staff_session_ends_after_thirty_idle_minutes(client):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.force_login(factories.moderator())
        traveller.shift(timedelta(minutes=29))
        assert _dashboard(client).status_code == 200
        traveller.shift(timedelta(minutes=29))  # 58 minutes in, but never 30 idle
        assert _dashboard(client).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = _dashboard(client)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("offices:login"))
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_busy_staff_session_still_ends_twelve_hours_after_logging_in(client):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.force_login(factories.moderator())
        for _ in range(12 * 3):  # a request every 20 minutes, up to 12 hours in
            traveller.shift(timedelta(minutes=20))
            assert _dashboard(client).status_code == 200
        traveller.shift(timedelta(minutes=1))
        assert _dashboard(client).status_code == 302


@pytest.mark.django_db
def test_organisation_sessions_are_not_held_to_the_staff_limits(client):
    from tests.addresses import factories as make

    organisation = make.organisation()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.force_login(organisation.users.get())
        traveller.shift(timedelta(hours=2))
        page = client.get(reverse("addresses:organisation_cases", args=[organisation.slug]))
        assert page.status_code == 200
