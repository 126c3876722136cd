"""The Django admin lets in administrators only: every admin URL, GET and POST, sends anyone
else (other staff, organisation users, accounts with `is_staff` but no administrator role) to
the admin's log-in page without showing anything (decision note 0503)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.offices.models import StaffRole
from tests import factories
from tests.addresses import factories as address_factories
from tests.offices.test_access_matrix import MARKER, url_patterns

pytestmark = pytest.mark.django_db

PUBLIC = {"admin:login", "admin:logout"}


@pytest.fixture
def appeal():
    return factories.appeal_in(Appeal.Status.AWAITING_MODERATION, title=f"{MARKER} in the admin")


def admin_urls(object_id: int) -> list[str]:
    urls = []
    for name, route, pattern in url_patterns():
        if not route.startswith("admin/") or name in PUBLIC:
            continue
        values = {"object_id": object_id, "id": object_id, "pk": object_id, "content_type_id": 1}
        values["app_label"] = "appeals"
        urls.append(reverse(name, kwargs={k: values[k] for k in pattern.pattern.regex.groupindex}))
    return urls


def staff_flag(user):
    """An account someone marked `is_staff` and gave every model permission, without making it
    an administrator of heard."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.all())
    return user


def refused_users() -> dict[str, object]:
    return {
        "anonymous": None,
        "plain": factories.user(),
        "moderator": factories.moderator(),
        "responder": factories.responder(factories.addressee()),
        "organisation member": address_factories.organisation().users.get(),
        "staff flag, moderator": staff_flag(factories.moderator()),
        "staff flag, no role": staff_flag(factories.user()),
    }


def test_every_admin_url_refuses_everyone_but_administrators(client, appeal):
    urls = admin_urls(appeal.pk)
    assert len(urls) > 50  # every registered model's pages are in the list
    login = reverse("admin:login")
    wrong = []
    for role, user in refused_users().items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            for method in (client.get, client.post):
                response = method(url)
                location = response.get("Location", "")
                if response.status_code != 302 or not location.startswith(login):
                    wrong.append((role, method.__name__, url, response.status_code))
                elif MARKER in response.content.decode(errors="replace"):
                    wrong.append((role, method.__name__, url, "shows the appeal"))
    assert wrong == []


def test_an_administrator_with_the_staff_flag_uses_the_admin(client, appeal):
    administrator = staff_flag(factories.administrator())
    client.force_login(administrator)

    assert client.get(reverse("admin:index")).status_code == 200
    page = client.get(reverse("admin:appeals_appeal_change", args=[appeal.pk]))
    assert page.status_code == 200 and MARKER in page.content.decode()


def test_the_administrator_role_alone_does_not_open_the_admin(client):
    client.force_login(factories.administrator())

    assert client.get(reverse("admin:index")).status_code == 302


def test_a_superuser_uses_the_admin(client):
    account = factories.superuser()
    account.is_staff = True
    account.save(update_fields=["is_staff"])
    StaffRole.objects.filter(user=account).delete()
    client.force_login(account)

    assert client.get(reverse("admin:index")).status_code == 200
