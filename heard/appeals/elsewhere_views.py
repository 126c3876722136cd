"""Staff pages that register an appeal made on Telegram (decision 0547): upload the export,
pick posts, preview, register. Moderators only; the permission is checked, and a staged upload
looked up among the user's own, before anything is read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from heard.appeals import elsewhere
from heard.appeals.elsewhere_forms import ExportUploadForm, RegisterForm
from heard.appeals.elsewhere_models import ElsewhereImport
from heard.appeals.elsewhere_telegram import ExportError, channel_load, export_read, username_check
from heard.core import clock
from heard.core.access import Scope, permission_first
from heard.core.cleaning.rules import id_from
from heard.core.errors import DomainError

POSTS_A_PAGE = 50


def _own_uploads(user):
    return ElsewhereImport.objects.filter(uploaded_by=user)


STAGED = Scope(_own_uploads, name="staged", kwarg="token", field="token")


@permission_first("offices.moderate")
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = ExportUploadForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            username = username_check(form.cleaned_data["username"])
            channel = export_read(
                form.cleaned_data["export"].read(),
                zone=timezone.get_current_timezone(),
                now=clock.now(),
            )
        except ExportError as exc:
            error = str(exc)
        else:
            staged = elsewhere.elsewhere_import_stage(
                user=request.user, channel=channel, username=username
            )
            return redirect("appeals:elsewhere_posts", token=staged.token)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "appeals/elsewhere/upload.html", {"form": form, "error": error}, status=status
    )


@permission_first("offices.moderate", scope=STAGED)
def posts(request: HttpRequest, staged: ElsewhereImport) -> HttpResponse:
    channel = channel_load(staged.export)
    listed = [post for post in channel.posts if post.is_post]
    page = Paginator(listed, POSTS_A_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/elsewhere/posts.html",
        {"staged": staged, "channel": channel, "page": page},
    )


@permission_first("offices.moderate", scope=STAGED)
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, staged: ElsewhereImport) -> HttpResponse:
    """GET shows what the chosen posts make; POST registers it, with the staff's edits."""
    channel = channel_load(staged.export)
    data = request.POST if request.method == "POST" else request.GET
    post_ids = [id_from(value) for value in data.getlist("post")]
    form = RegisterForm(request.POST) if request.method == "POST" else None
    draft = error = None
    try:
        if None in post_ids:
            raise ExportError("post", _("not a message id."))
        edits = form.cleaned_data if form is not None and form.is_valid() else {}
        draft = elsewhere.elsewhere_draft(
            channel=channel,
            post_ids=post_ids,
            username=staged.channel_username,
            title=edits.get("title", ""),
            demands=edits.get("demands"),
            group_name=edits.get("group_name", ""),
        )
        if edits:
            appeal = elsewhere.elsewhere_import_register(
                staged=staged, draft=draft, addressee=edits["addressee"], user=request.user
            )
            messages.success(
                request,
                _("Registered “{title}”; it now awaits moderation.").format(title=appeal.title),
            )
            return redirect("offices:moderation")
    except ExportError as exc:
        error = str(exc)
    except DomainError as exc:
        if exc.code == "permission_denied":
            raise HttpForbidden from exc
        error = exc.message
    if form is None and draft is not None:
        form = RegisterForm(
            initial={
                "title": draft.title,
                "demands": "\n".join(draft.demands),
                "group_name": draft.group_name,
            }
        )
    failed = error is not None or (request.method == "POST")
    return render(
        request,
        "appeals/elsewhere/preview.html",
        {
            "staged": staged,
            "channel": channel,
            "draft": draft,
            "form": form,
            "error": error,
            "post_ids": [post.id for post in draft.posts] if draft else [],
        },
        status=400 if failed else 200,
    )
