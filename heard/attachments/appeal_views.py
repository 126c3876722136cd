"""The initiator attaches documents, images and video links to their appeal from its private
page (the link they were mailed); the files are public on the appeal's page once published."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from heard.appeals.models import Appeal
from heard.attachments.forms import AttachmentFields
from heard.attachments.services import attachments_add
from heard.core.access import permission_first
from heard.core.errors import DomainError
from heard.core.http_methods import post_or_redirect
from heard.core.limits import limits_check, request_ip_hash
from heard.offices import rules as office_rules

ATTACHABLE = Appeal.PRE_PUBLICATION


def _manage_url(request, pk: int, token: str) -> str:
    return reverse("appeals:manage", args=[pk, token])


@post_or_redirect(_manage_url)
def appeal_attach(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=pk)
    if not constant_time_compare(token, appeal.manage_token):
        raise Http404
    form = AttachmentFields(request.POST, request.FILES)
    status = 400
    if appeal.status not in ATTACHABLE:
        # Attachments are moderated with the appeal: none are added once it is decided.
        form.add_error(None, _("Attachments can be added only before the appeal is published."))
        status = 409
    elif form.is_valid() and not form.attachments():
        form.add_error("files", _("Choose a file or give a video link."))
    elif form.is_valid():
        verdict = limits_check(
            action="attachment",
            ip_hash=request_ip_hash(request),
            addressee=appeal.addressee.slug,
        )
        if verdict.exceeded:
            form.add_error("files", _("Too many files were sent from your network lately."))
            status = 429
        else:
            try:
                attachments_add(appeal=appeal, items=form.attachments(), actor_role="initiator")
            except DomainError as error:
                form.add_error("files", error.message)
            else:
                return redirect("appeals:manage", pk=pk, token=token)
    return render(
        request,
        "attachments/appeal_attach.html",
        {"appeal": appeal, "attach_form": form},
        status=status,
    )


def _moderation_url(request, appeal) -> str:
    return reverse("offices:moderation")


@permission_first("offices.moderate", scope=office_rules.MODERATED_APPEAL)
@post_or_redirect(_moderation_url)
def staff_appeal_attach(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    """Moderators attach files or a video link to an appeal they moderate (an appeal made
    elsewhere, a document the initiator sent by post)."""
    form = AttachmentFields(request.POST, request.FILES, prefix=f"attach-{appeal.pk}")
    if form.is_valid() and not form.attachments():
        form.add_error("files", _("Choose a file or give a video link."))
    elif form.is_valid():
        try:
            attachments_add(appeal=appeal, items=form.attachments(), actor=request.user)
        except DomainError as error:
            form.add_error("files", error.message)
        else:
            return redirect("offices:moderation")
    return render(
        request,
        "attachments/staff_appeal_attach.html",
        {"appeal": appeal, "attach_form": form},
        status=400,
    )
