"""The test client serves each request as production does: the hot routes' own stack or the
site's (heard/config/wsgi.py, heard/core/hot_stack.py); `normal_stack` for the site's alone,
which the differential tests compare with."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, client, testcases

from heard.config.wsgi import HotHandler
from heard.core.hot_stack import HotStack, takes

SiteClientHandler = client.ClientHandler


class HotClientHandler(HotStack, SiteClientHandler):
    pass


class StackClientHandler(SiteClientHandler):
    """Django's test handler for the site, with the hot routes handed to a hot one, chosen by
    the same function as heard/config/wsgi.py."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hot = HotClientHandler(*args, **kwargs)

    def __call__(self, environ):
        return (self.hot if takes(environ) else super()).__call__(environ)


class StackWSGIHandler(WSGIHandler):
    """The live server's handler (browser tests), choosing as heard.config.wsgi does."""

    def __init__(self):
        super().__init__()
        self.hot = HotHandler()

    def __call__(self, environ, start_response):
        return (self.hot if takes(environ) else super()).__call__(environ, start_response)


def clients_choose_the_stack() -> None:
    """Every django.test.Client made from now on (pytest-django's `client` too), and the live
    server of the browser tests, choose the stack as production does."""
    client.ClientHandler = StackClientHandler
    testcases.WSGIHandler = StackWSGIHandler


@contextmanager
def normal_stack(**client_options) -> Iterator[Client]:
    """A client whose every request takes the site's full stack, the hot routes' too."""
    normal = Client(**client_options)
    normal.handler = SiteClientHandler(normal.handler.enforce_csrf_checks)
    yield normal


def served_by_hot_stack(response) -> bool:
    """The hot stack has no session middleware: its requests have no session."""
    return not hasattr(response.wsgi_request, "session")
