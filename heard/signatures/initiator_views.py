"""The pages where an appeal gets its first signatures: its initiator starts it, its sponsors
sign it through the link the initiator passes on. Thin: validate, call one service, redirect.
Here rather than in appeals because they make signatures (tests/test_import_direction.py)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from heard.appeals.forms import AppealForm
from heard.appeals.models import Appeal
from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash
from heard.signatures import initiators, services
from heard.signatures.emails import email_digest
from heard.signatures.forms import SignatureForm
from heard.signatures.models import Signature
from heard.signatures.privacy import client_ip


def _posted(request: HttpRequest):
    """The submitted data, even when empty: an empty POST is bound and reports what is missing."""
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def appeal_start(request: HttpRequest) -> HttpResponse:
    form = AppealForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Over a limit the draft is kept and its initiator's link is held for a moderator;
        # the initiator sees the usual page (decision 0508).
        verdict = limits_check(
            action="appeal",
            ip_hash=request_ip_hash(request),
            email_digest=email_digest(data["initiator_email"]),
        )
        initiators.appeal_start(
            addressee=data["addressee"],
            title=data["title"],
            demands=data["demands"],
            text=data["text"],
            group_name=data["group_name"],
            initiator_name=data["initiator_name"],
            initiator_email=data["initiator_email"],
            region=data["region"],
            video_url=data["video_url"],
            telegram_url=data["telegram_url"],
            document_url=data["document_url"],
            language=get_language(),
            ip=client_ip(request),
            held=verdict.exceeded,
        )
        return redirect("appeals:created")
    status = 400 if request.method == "POST" else 200
    return render(request, "appeals/create.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def appeal_sponsor(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The page behind the sponsor link the initiator passes on."""
    appeal = get_object_or_404(Appeal.objects.select_related("addressee"), pk=pk)
    if token != appeal.sponsor_token or appeal.status not in Appeal.SPONSORABLE:
        raise Http404
    form = SignatureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            # Sponsors go through the same fraud rules as signers: their IP hash is kept too.
            services.signature_create(
                appeal=appeal,
                role=Signature.Role.SPONSOR,
                language=get_language(),
                ip=client_ip(request),
                **form.signing_kwargs(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("signatures:check_email")
    status = 400 if request.method == "POST" else 200
    return render(request, "appeals/sponsor.html", {"appeal": appeal, "form": form}, status=status)
