"""POST-only views that render their form again on an error leave the visitor on the POST's
URL; a reload there, or the language switch (a plain link to the same URL), is a GET, which
`require_POST` answers with a blank 405. `post_or_redirect` answers it instead with a redirect
to the page that holds the form (issue 16)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def post_or_redirect(target: Callable[..., str]):
    """`target(request, *args, **kwargs)` names where a GET goes (a URL); other methods but
    POST stay a 405."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(target(request, *args, **kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "POST"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
