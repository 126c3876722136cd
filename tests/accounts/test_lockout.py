import ipaddress
import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from heard.core import clock
from tests import factories

PASSWORD = "pw-for-tests-only"
LOGIN_PAGES = ["offices:login", "admin:login", "addresses:organisation_login"]


def _staff_with_admin_access():
    account = factories.administrator()
    account.is_staff = True
    account.save(update_fields=["is_staff"])
    return account


def _post(client, page: str, username: str, password: str, ip: str = "198.51.100.7"):
    return client.post(
        reverse(page), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_after_the_failure_limit_even_the_right_password_is_refused(client, settings, page):
    user = _staff_with_admin_access()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, page, user.username, "wrong")
    response = _post(client, page, user.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to log in" in response.content.decode()
    assert not _logged_in(client)


@pytest.mark.django_db
def test_below_the_failure_limit_the_right_password_logs_in(client, settings):
    user = factories.moderator()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post(client, "offices:login", user.username, "wrong")
    assert _post(client, "offices:login", user.username, PASSWORD).status_code == 302
    assert _logged_in(client)


@pytest.mark.django_db
def test_the_lockout_page_says_when_to_retry_and_is_the_same_for_an_unknown_name(
    client, settings
):
    user = factories.moderator()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "offices:login", user.username, "wrong")
        _post(client, "offices:login", "nobody-has-this-name", "wrong")
    known = _post(client, "offices:login", user.username, PASSWORD)
    unknown = _post(client, "offices:login", "nobody-has-this-name", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert "Try again in 15 minutes" in known.content.decode()
    assert _without_csrf(known) == _without_csrf(unknown)


@pytest.mark.django_db
def test_a_lockout_holds_one_name_from_one_address_only(client, settings):
    user, other = factories.moderator(), factories.moderator()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "offices:login", user.username, "wrong")
    assert _post(client, "offices:login", other.username, PASSWORD).status_code == 302
    client.logout()
    elsewhere = _post(client, "offices:login", user.username, PASSWORD, ip="203.0.113.9")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off(client, settings):
    user = factories.moderator()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _post(client, "offices:login", user.username, "wrong")
        assert _post(client, "offices:login", user.username, PASSWORD).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert _post(client, "offices:login", user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failed_attempts_keep_a_pseudonym_never_the_address(client):
    _post(client, "offices:login", "someone", "wrong", ip="198.51.100.7")
    _post(client, "offices:login", "someone", "wrong", ip="198.51.100.7")
    attempt = AccessAttempt.objects.get()
    stored = ipaddress.ip_address(attempt.ip_address)
    assert stored in ipaddress.ip_network("fd00::/8")
    assert "198.51.100.7" not in str(AccessAttempt.objects.values().get())
    assert attempt.failures_since_start == 2
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_the_lockout_page_speaks_russian(client, settings):
    user = factories.moderator()
    with translation.override("ru"):
        page = reverse("offices:login")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(page, {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    assert "Попробуйте снова через 15 минут" in response.content.decode()
