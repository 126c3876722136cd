import contextlib
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from heard.appeals.pages import appeal_page
from heard.core.errors import DomainError
from heard.core.page_copies import PageCopies
from heard.signatures import lookups, services
from heard.signatures.forms import SignatureForm
from heard.signatures.privacy import client_ip


def sign_from_form(request: HttpRequest, pk: int) -> tuple[SignatureForm, bool]:
    """Sign from the posted form: the form, and whether the signature was taken. A refused form
    carries its errors; nothing is stored then."""
    appeal = lookups.appeal_for_signing(pk=pk)
    form = SignatureForm(request.POST)
    if appeal is not None and form.is_valid():
        try:
            services.signature_create(
                appeal=appeal,
                language=get_language(),
                ip=client_ip(request),
                **form.signing_kwargs(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return form, True
    return form, False


@lru_cache(maxsize=16)
def check_email_url(language: str) -> str:
    """Where a signer goes next, in their language (the argument keys the cache)."""
    return reverse("signatures:check_email")


@require_http_methods(["GET", "POST"])
def signature_sign(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        # The page a form error leaves the signer on: reloading it, or switching its language,
        # asks this URL again; the appeal's page is what they want (issue 16).
        # The appeal's URL is this one without "sign/", in the language this one asks for.
        return redirect(request.path.removesuffix("sign/") + "#sign-heading")
    form, signed = sign_from_form(request, pk)
    if signed:
        return redirect(check_email_url(get_language()))
    return appeal_page(request, pk, form=form)


# Visitors' copies of the pages of the signing journey (core/page_copies.py): "check your
# e-mail" per path for a minute; the link's page kept by what it shows, the link being a hole.
CHECK_EMAIL_PAGES = PageCopies(60)
LINK_PAGES = PageCopies(None)


def check_email(request: HttpRequest) -> HttpResponse:
    return CHECK_EMAIL_PAGES.answer(
        request,
        request.path,
        lambda extra: render(request, "signatures/check_email.html", extra),
    )


# The link's id and token are in the page: no shared cache keeps it (core/page_caching.py).
@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "POST"])
def signature_confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms, because mail scanners pre-fetch links."""
    signature = services.signature_by_token(signature_id=pk, token=token)
    if signature is None:
        return render(request, "signatures/invalid_link.html", status=404)
    error = None
    if request.method == "POST":
        try:
            signature = services.signature_confirm(signature=signature)
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("signatures:confirm", pk=pk, token=token)
    context = {"signature": signature, "appeal": signature.appeal, "error": error}
    if error:
        return render(request, "signatures/confirm.html", context, status=409)
    appeal = signature.appeal
    key = (appeal.pk, appeal.title, appeal.status, signature.status_shown, signature.role)
    return LINK_PAGES.answer(
        request,
        (*key, get_language()),
        lambda extra: render(request, "signatures/confirm.html", context | extra),
        # As the page's own URLs spell it; "/007/" would not be, and is rendered, not kept.
        own=f"/{signature.pk}/{signature.token}/",
        secret=signature.token,
    )


@require_http_methods(["GET", "POST"])
def signature_remove(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The signer's own link takes the signature back; the page says so in the same words
    whatever the signature's state was."""
    if request.method == "GET":  # a reload or language switch of the "removed" page
        return redirect("signatures:confirm", pk=pk, token=token)
    signature = services.signature_by_token(signature_id=pk, token=token)
    if signature is None:
        return render(request, "signatures/invalid_link.html", status=404)
    # Removed already is the outcome the signer wants; the creator's own is refused quietly.
    with contextlib.suppress(DomainError):
        services.signature_remove(signature=signature)
    return render(request, "signatures/removed.html", {"appeal": signature.appeal})
