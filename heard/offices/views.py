"""Staff pages: the moderation queue and the responders' queue."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from heard.appeals import selectors, services
from heard.appeals.forms import RejectForm, ResponseForm
from heard.appeals.models import Appeal
from heard.core.errors import DomainError
from heard.offices import rules
from heard.offices.models import Addressee


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not rules.is_staff_member(request.user):
            raise HttpForbidden
        return view(request, *args, **kwargs)

    return wrapper


@staff_only
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


@staff_only
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if not rules.can_moderate(request.user):
        raise HttpForbidden
    appeals = Appeal.objects.filter(status=Appeal.Status.AWAITING_MODERATION).select_related(
        "addressee"
    )
    return render(
        request,
        "offices/moderation_queue.html",
        {"appeals": appeals.order_by("moderation_requested_at"), "reject_form": RejectForm()},
    )


@require_POST
@staff_only
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=pk)
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
        {"appeals": [appeal], "reject_form": form or RejectForm(), "error": message},
        status=400,
    )


@staff_only
def response_queue(request: HttpRequest, slug: str) -> HttpResponse:
    addressee = get_object_or_404(Addressee, slug=slug)
    if not rules.can_respond_for(request.user, addressee):
        raise HttpForbidden
    appeals = selectors.appeal_response_queue(addressee=addressee)
    return render(
        request, "offices/response_queue.html", {"addressee": addressee, "appeals": appeals}
    )


@staff_only
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal.objects.select_related("addressee"), pk=pk)
    if not rules.can_respond_for(request.user, appeal.addressee):
        raise HttpForbidden
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
