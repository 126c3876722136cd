"""permission_first: log-in, then the role, then the scope; the view and the scope's query run
only when everything before them passed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from heard.appeals.models import Appeal
from heard.core.access import Scope, permission_add, permission_first
from tests import factories

pytestmark = pytest.mark.django_db

permission_add(
    "tests.moderate_only", lambda user: user.staff_roles.filter(role="moderator").exists()
)


def guarded(calls: list):
    def reachable(user):
        calls.append("scope")
        return Appeal.objects.filter(status=Appeal.Status.AWAITING_MODERATION)

    @permission_first("tests.moderate_only", scope=Scope(reachable, name="appeal"))
    def view(request, appeal):
        calls.append("view")
        return HttpResponse(appeal.title)

    return view


def request_as(user):
    request = RequestFactory().post("/staff/somewhere/?next=1")
    request.user = user or AnonymousUser()
    return request


def test_an_anonymous_visitor_is_sent_to_log_in_before_anything_runs():
    calls = []

    response = guarded(calls)(request_as(None), pk=1)

    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert calls == []


def test_a_user_without_the_role_is_refused_before_the_scope_is_read():
    calls = []

    with pytest.raises(PermissionDenied):
        guarded(calls)(request_as(factories.responder(factories.addressee())), pk=1)
    assert calls == []


def test_an_object_outside_the_scope_is_not_found_and_the_view_never_runs():
    draft = factories.appeal_in(Appeal.Status.DRAFT)
    calls = []

    with pytest.raises(Http404):
        guarded(calls)(request_as(factories.moderator()), pk=draft.pk)
    assert calls == ["scope"]


def test_the_view_gets_the_object_from_the_scope():
    awaiting = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    calls = []

    response = guarded(calls)(request_as(factories.moderator()), pk=awaiting.pk)

    assert response.content.decode() == awaiting.title and calls == ["scope", "view"]


def test_an_undeclared_permission_is_a_configuration_error_not_an_open_door():
    @permission_first("tests.never_declared")
    def view(request):
        return HttpResponse("open")

    with pytest.raises(ImproperlyConfigured):
        view(request_as(factories.moderator()))


def test_an_inactive_user_holds_no_permission():
    account = factories.moderator()
    account.is_active = False

    with pytest.raises(PermissionDenied):
        guarded([])(request_as(account), pk=1)
