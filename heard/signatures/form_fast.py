"""The sign form's POST, and the signer's link, without the rest of the middleware stack.

The browser's way of signing is a POST of the form on the appeal page; in a spike nearly every
POST is one. For a visitor (see core/lean.py) this middleware checks the CSRF token with
CsrfViewMiddleware's own method, signs with the view's own function and answers the redirect to
"check your e-mail" through the same header steps as the normal stack (decision 0403). A form
refused for any reason goes on down the normal path with its errors attached
(`request.signing_refused`), so the page that shows them is rendered in one place; a request
failing the CSRF check gets CsrfViewMiddleware's own 403.
"""

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

        def sign() -> HttpResponse | None:
            form, signed = views.sign_from_form(request, **route.kwargs)
            if not signed:
                request.signing_refused = form  # shown by the view on the normal path
                return None
            return HttpResponseRedirect(views.check_email_url(get_language()))

        answer = self.lean.answer(request, route, sign)
        return self.get_response(request) if answer is None else answer


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
        return self.lean.answer(
            request, route, lambda: route.func(request, *route.args, **route.kwargs)
        )
