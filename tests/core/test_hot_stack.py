"""The hot routes' own stack (heard/core/hot_stack.py): which requests it takes, what it is
built from, and that the site's WSGI application serves through it."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.config import wsgi
from heard.core.checks import hot_stack_declared
from heard.core.hot_stack import takes
from tests import factories


def environ(path: str, method: str = "GET", cookie: str = "") -> dict:
    return {"PATH_INFO": path, "REQUEST_METHOD": method, "HTTP_COOKIE": cookie}


@pytest.mark.parametrize(
    ("path", "method", "cookie"),
    [
        ("/appeals/7/", "GET", ""),
        ("/en/appeals/7/", "GET", "csrftoken=abc"),
        ("/appeals/7/sign/", "POST", "csrftoken=abc"),
        ("/signatures/check-email/", "GET", ""),
        ("/signatures/7/some-token/", "GET", ""),
        ("/signatures/7/some-token/", "POST", "csrftoken=abc"),
        ("/api/v1/appeals/7/signatures", "POST", ""),
        ("/api/v1/appeals/7/signatures", "POST", "sessionid=abc"),  # the API takes no cookies
    ],
)
def test_the_hot_routes_of_visitors_take_the_hot_stack(path, method, cookie):
    assert takes(environ(path, method, cookie))


@pytest.mark.parametrize(
    ("path", "method", "cookie"),
    [
        ("/appeals/7/", "GET", "sessionid=abc"),  # staff: their links, their messages
        ("/appeals/7/", "GET", "messages=abc"),  # a visitor with a message to see
        ("/appeals/", "GET", ""),
        ("/appeals/7/manage/token/", "GET", ""),
        ("/signatures/7/some-token/remove/", "POST", ""),
        ("/appeals/7/sign/", "PUT", ""),
        ("/api/v1/appeals/7/signatures", "GET", ""),
        ("/api/v1/appeals/7", "GET", ""),
        ("/static/heard/heard.css", "GET", ""),
        ("/staff/", "GET", ""),
    ],
)
def test_everything_else_takes_the_sites_stack(path, method, cookie):
    assert not takes(environ(path, method, cookie))


def test_the_hot_middleware_is_the_sites_minus_the_declared_list():
    assert hot_stack_declared() == []
    left_out = [name for name in settings.MIDDLEWARE if name not in settings.HEARD_HOT_MIDDLEWARE]
    assert left_out == list(settings.HEARD_HOT_LEFT_OUT)
    assert all(reason.strip() for reason in settings.HEARD_HOT_LEFT_OUT.values())


def test_a_middleware_added_to_the_site_alone_fails_the_check(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "heard.example.NewMiddleware"]

    [error] = hot_stack_declared()

    assert error.id == "heard.core.E001"
    assert "NewMiddleware" in error.msg


def test_a_left_out_middleware_needs_a_reason_and_to_exist(settings):
    settings.HEARD_HOT_LEFT_OUT = {**settings.HEARD_HOT_LEFT_OUT, "heard.example.Gone": ""}

    messages = [error.msg for error in hot_stack_declared()]

    assert any("not in MIDDLEWARE" in message for message in messages)
    assert any("no reason" in message for message in messages)


def test_sessions_for_csrf_are_refused(settings):
    settings.CSRF_USE_SESSIONS = True

    assert [error.id for error in hot_stack_declared()] == ["heard.core.E001"]


def test_the_application_refuses_to_start_with_an_undeclared_hot_stack(settings):
    settings.HEARD_HOT_MIDDLEWARE = settings.HEARD_HOT_MIDDLEWARE[:-1]

    with pytest.raises(ImproperlyConfigured, match="HEARD_HOT_MIDDLEWARE"):
        wsgi.handlers()


def wsgi_get(path: str, cookie: str = "") -> tuple[str, dict, bytes]:
    """A request through heard.config.wsgi.application, as the web server sends it."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    request = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    body = b"".join(wsgi.application(request, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def connection_kept():
    """The test's transaction lives on the connection the server would close after a request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_wsgi_application_serves_a_visitor_and_staff_alike(connection_kept):
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    visitor = wsgi_get(appeal.get_absolute_url())
    staff = wsgi_get(appeal.get_absolute_url(), cookie="sessionid=not-a-session")
    check_email = wsgi_get(reverse("signatures:check_email"))

    assert visitor[0] == staff[0] == check_email[0] == "200 OK"
    assert appeal.title.encode() in visitor[2] and appeal.title.encode() in staff[2]
    assert "csrftoken" in visitor[1].get("Set-Cookie", "")
    for _status, headers, _body in (visitor, staff, check_email):
        assert "Content-Security-Policy" in headers and headers["X-Frame-Options"] == "DENY"
    assert check_email[1]["Cache-Control"].startswith("public")
