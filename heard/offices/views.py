"""Staff pages: the moderation queue and the responders' queue. Each is guarded by
`permission_first` (heard.core.access): the role is checked, then the object is looked up in what
the user may reach; nothing about the object is read before."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from heard.appeals import selectors, services
from heard.appeals.forms import RejectForm, ResponseForm
from heard.appeals.models import Appeal
from heard.core import clock
from heard.core.access import permission_first
from heard.core.errors import DomainError
from heard.core.http_methods import post_or_redirect
from heard.offices import rules
from heard.offices.models import Addressee


@permission_first("offices.staff")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "offices/dashboard.html",
        {
            "can_moderate": rules.can_moderate(request.user),
            "awaiting_moderation": Appeal.objects.filter(
                status=Appeal.Status.AWAITING_MODERATION
            ).count(),
            "open_appeals": Appeal.objects.filter(status__in=Appeal.SIGNABLE).order_by(
                "-signature_count"
            )[:20],
            "addressees": [
                a for a in Addressee.objects.all() if rules.can_respond_for(request.user, a)
            ],
        },
    )


@permission_first("offices.moderate")
def moderation_queue(request: HttpRequest) -> HttpResponse:
    appeals = Appeal.objects.filter(status=Appeal.Status.AWAITING_MODERATION).select_related(
        "addressee", "provenance"
    )
    return render(
        request,
        "offices/moderation_queue.html",
        {
            "appeals": appeals.order_by("moderation_requested_at"),
            "reject_form": RejectForm(),
            **_moderation_target(),
        },
    )


def _moderation_target() -> dict:
    """The published target, and how many appeals wait longer than it."""
    return {
        "late": services.appeals_moderation_late().count(),
        "target_days": settings.HEARD_MODERATION_TARGET_DAYS,
        "late_before": clock.now() - timedelta(days=settings.HEARD_MODERATION_TARGET_DAYS),
    }


@permission_first("offices.moderate", scope=rules.MODERATED_APPEAL)
@post_or_redirect(lambda request, appeal: reverse("offices:moderation"))
def moderate(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    form = RejectForm(request.POST) if request.POST.get("decision") == "reject" else None
    try:
        if form is None:
            services.appeal_publish(appeal=appeal, moderator=request.user)
        elif form.is_valid():
            services.appeal_reject(
                appeal=appeal,
                moderator=request.user,
                code=form.cleaned_data["code"],
                details=form.cleaned_data["details"],
            )
        else:
            return _moderation_error(request, appeal, form=form)
    except DomainError as error:
        if error.code == "permission_denied":
            raise HttpForbidden from error
        return _moderation_error(request, appeal, message=error.message)
    return redirect("offices:moderation")


def _moderation_error(request, appeal, *, form=None, message=None) -> HttpResponse:
    return render(
        request,
        "offices/moderation_queue.html",
        {
            "appeals": [appeal],
            "reject_form": form or RejectForm(),
            "error": message,
            **_moderation_target(),
        },
        status=400,
    )


@permission_first("offices.respond", scope=rules.RESPONDED_ADDRESSEE)
def response_queue(request: HttpRequest, addressee: Addressee) -> HttpResponse:
    appeals = selectors.appeal_response_queue(addressee=addressee)
    return render(
        request, "offices/response_queue.html", {"addressee": addressee, "appeals": appeals}
    )


@permission_first("offices.respond", scope=rules.ANSWERED_APPEAL)
def respond(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        initial={"office": appeal.addressee.name},
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_respond(appeal=appeal, responder=request.user, **form.cleaned_data)
        except DomainError as exc:
            error = exc.message
        else:
            return redirect(appeal.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "offices/respond.html",
        {"appeal": appeal, "form": form, "error": error},
        status=status,
    )
