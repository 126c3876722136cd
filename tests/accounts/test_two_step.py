from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.accounts import two_step
from heard.core import clock
from tests import factories

PASSWORD = "pw-for-tests-only"


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _admin(**flags):
    account = factories.administrator()
    for name, value in flags.items():
        setattr(account, name, value)
    account.save()
    return account


def _enrolled(user) -> TOTPDevice:
    pending = two_step.totp_enrolment_start(user=user)
    return two_step.totp_enrolment_confirm(user=user, token=_code(pending))


def _log_in(client, user, code: str = ""):
    data = {"username": user.username, "password": PASSWORD, "otp_token": code}
    return client.post(reverse("offices:login"), data)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_staff_enrol_with_a_real_code_then_log_in_needs_one(client):
    user = factories.moderator()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.force_login(user)
        page = client.get(reverse("accounts:two_step"))
        assert page.status_code == 200
        assert "<svg" in page.content.decode()  # the QR code, drawn inline
        pending = TOTPDevice.objects.get(user=user, confirmed=False)
        confirm = {"action": "confirm", "otp_token": _code(pending)}
        assert client.post(reverse("accounts:two_step"), confirm).status_code == 302
        assert TOTPDevice.objects.get(user=user).confirmed
        client.logout()

        traveller.shift(timedelta(seconds=30))
        assert _log_in(client, user).status_code == 200  # the password alone
        assert not _logged_in(client)
        wrong = f"{(int(_code(pending)) + 1) % 1_000_000:06d}"
        assert _log_in(client, user, wrong).status_code == 200
        assert not _logged_in(client)
        traveller.shift(timedelta(seconds=2))  # django-otp's own back-off after a wrong code
        assert _log_in(client, user, _code(pending)).status_code == 302
        assert _logged_in(client)
        assert client.get(reverse("offices:dashboard")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_at_enrolment_leaves_two_step_off(client):
    user = factories.moderator()
    client.force_login(user)
    client.get(reverse("accounts:two_step"))
    pending = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(_code(pending)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_step"), {"action": "confirm", "otp_token": wrong})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


@pytest.mark.django_db
def test_turning_two_step_off_needs_the_password(client):
    user = factories.moderator()
    device = _enrolled(user)
    client.force_login(user)
    url = reverse("accounts:two_step")
    unverified = client.post(url, {"action": "disable", "password": PASSWORD})
    assert unverified["Location"].startswith(reverse("accounts:two_step_verify"))
    session = client.session
    session["otp_device_id"] = device.persistent_id  # what entering a code at log-in records
    session.save()
    assert client.post(url, {"action": "disable", "password": "wrong"}).status_code == 400
    assert TOTPDevice.objects.filter(user=user).exists()
    assert client.post(url, {"action": "disable", "password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@pytest.mark.django_db
def test_people_without_a_staff_role_get_no_two_step_page(client):
    client.force_login(factories.user())
    assert client.get(reverse("accounts:two_step")).status_code == 403
    client.logout()
    assert client.get(reverse("accounts:two_step")).status_code == 302


@pytest.mark.django_db
def test_admin_without_a_second_factor_is_sent_to_enrol_when_required(client, settings):
    settings.HEARD_OTP_REQUIRED_FOR_ADMINS = True
    user = _admin(is_staff=True, is_superuser=True)
    credentials = {"username": user.username, "password": PASSWORD}
    response = client.post(reverse("admin:login"), credentials)
    assert response.status_code == 302
    for url in (reverse("admin:index"), reverse("admin:auth_user_changelist"), "/staff/"):
        blocked = client.get(url)
        assert blocked.status_code == 302
        assert blocked["Location"].startswith(reverse("accounts:two_step"))


@pytest.mark.django_db
def test_admin_with_a_device_must_enter_its_code_after_the_admin_log_in(client, settings):
    settings.HEARD_OTP_REQUIRED_FOR_ADMINS = True
    user = _admin(is_staff=True, is_superuser=True)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        device = _enrolled(user)
        traveller.shift(timedelta(seconds=30))
        client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
        blocked = client.get(reverse("admin:index"))
        assert blocked["Location"].startswith(reverse("accounts:two_step_verify"))
        verify = reverse("accounts:two_step_verify") + "?next=/admin/"
        response = client.post(verify, {"otp_token": _code(device)})
        assert response["Location"] == "/admin/"
        assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_wrong_codes_after_the_password_count_towards_the_lockout(client, settings):
    user = factories.moderator()
    device = _enrolled(user)
    client.force_login(user)
    verify = reverse("accounts:two_step_verify")
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(verify, {"otp_token": wrong})
    assert client.post(verify, {"otp_token": _code(device)}).status_code == 429


@pytest.mark.django_db
def test_admins_use_the_admin_with_a_password_alone_when_not_required(client, settings):
    settings.HEARD_OTP_REQUIRED_FOR_ADMINS = False
    user = _admin(is_staff=True, is_superuser=True)
    client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("offices:dashboard")).status_code == 200


@pytest.mark.django_db
def test_administrators_of_staff_pages_need_the_second_factor_when_required(client, settings):
    settings.HEARD_OTP_REQUIRED_FOR_ADMINS = True
    client.force_login(factories.administrator())
    response = client.get(reverse("offices:moderation"))
    assert response["Location"].startswith(reverse("accounts:two_step"))
    client.force_login(factories.moderator())
    assert client.get(reverse("offices:moderation")).status_code == 200
