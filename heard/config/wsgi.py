"""The site's WSGI application: two Django handlers, chosen by path (decision 0531).

The hot routes (heard/core/hot_stack.py: a visitor's appeal page, the sign form's POST, "check
your e-mail", the signer's link, the API's signing) go to a handler built from their own declared
middleware and URLconf; everything else, and anyone with a session, to the site's full stack.
"""

import os

import django
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.config.settings.base")
django.setup(set_prefix=False)

from heard.core.checks import hot_stack_declared  # noqa: E402 - after django.setup()
from heard.core.hot_stack import HotStack, takes  # noqa: E402


class HotHandler(HotStack, WSGIHandler):
    pass


def handlers() -> tuple[WSGIHandler, WSGIHandler]:
    """The site's handler and the hot routes' one; refuses a hot stack that is not declared as
    the system check demands, so a server started without `manage.py check` refuses it too."""
    errors = hot_stack_declared()
    if errors:
        raise ImproperlyConfigured("; ".join(error.msg for error in errors))
    return WSGIHandler(), HotHandler()


site, hot = handlers()


def application(environ, start_response):
    return (hot if takes(environ) else site)(environ, start_response)
