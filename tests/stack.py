"""Clients for comparing a fast path's answers with the normal stack's."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.test import Client, override_settings

FAST_PATHS = (
    "heard.api.signing_fast.SigningFastPath",
    "heard.core.snapshots.PageSnapshots",
    "heard.signatures.form_fast.SignFormFastPath",
    "heard.signatures.form_fast.LinkFastPath",
)


@contextmanager
def normal_stack(**client_options) -> Iterator[Client]:
    """A client whose requests skip every fast path. A new client, because a client loads the
    middleware once, at its first request: an existing one would keep the fast paths."""
    middleware = [name for name in settings.MIDDLEWARE if name not in FAST_PATHS]
    with override_settings(MIDDLEWARE=middleware):
        yield Client(**client_options)
