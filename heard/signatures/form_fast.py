"""The sign form's POST, and the signer's link, without the rest of the middleware stack.

The browser's way of signing is a POST of the form on the appeal page; in a spike nearly every
POST is one. For a visitor (see core/lean.py) this middleware checks the CSRF token with
CsrfViewMiddleware's own method, signs with the view's own function and answers the redirect to
"check your e-mail" through the same header steps as the normal stack (decision 0403). A form
refused for any reason goes on down the normal path with its errors attached
(`request.signing_refused`), so the page that shows them is rendered in one place; a request
failing the CSRF check gets CsrfViewMiddleware's own 403.
"""

from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import get_language

from heard.core.lean import LeanStack
from heard.signatures import views


class SignFormFastPath:
    def __init__(self, get_response):
        self.get_response = get_response
        self.lean = LeanStack(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not request.path_info.endswith("/sign/"):
            return self.get_response(request)
        route = self.lean.visitor_route(request)
        if route is None or route.func is not views.signature_sign:
            return self.get_response(request)
        try:
            refused = self.lean.csrf_refusal(request, route)
            if refused is not None:
                return self.lean.finish(request, refused)
            form, signed = views.sign_from_form(request, **route.kwargs)
        except Exception as error:  # noqa: BLE001 — as the stack below would answer it
            # A body over DATA_UPLOAD_MAX_* is a 400, anything else a 500: Django's own answer,
            # then the skipped middleware's header steps, as on the normal path.
            return self.lean.finish(request, response_for_exception(request, error))
        if not signed:
            request.signing_refused = form
            return self.get_response(request)
        response = HttpResponseRedirect(views.check_email_url(get_language()))
        return self.lean.finish(request, response)


class LinkFastPath:
    """The signer's e-mailed link — its page, the button's POST, the page it leads back to —
    for a visitor, past the session, user and message middleware it does not need: CSRF by
    CsrfViewMiddleware's own check, the view itself, then the skipped middleware's header steps
    (decision 0403). Everyone else, and any other page, takes the normal path."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.lean = LeanStack(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "POST") or "/signatures/" not in request.path_info:
            return self.get_response(request)
        route = self.lean.visitor_route(request)
        if route is None or route.func is not views.signature_confirm:
            return self.get_response(request)
        try:
            response = self.lean.csrf_refusal(request, route) or route.func(
                request, *route.args, **route.kwargs
            )
        except Exception as error:  # noqa: BLE001 — as above
            response = response_for_exception(request, error)
        return self.lean.finish(request, response)
