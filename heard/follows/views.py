"""Follow by e-mail: the form, the confirmation link and the one-click unsubscribe. Thin:
validate, call one service, redirect."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from heard.core.errors import DomainError
from heard.core.limits import limits_check, request_ip_hash, too_many
from heard.follows import services
from heard.follows.forms import FollowForm
from heard.follows.targets import Target, target_from
from heard.signatures.emails import email_digest

TARGET_FIELDS = ("appeal", "addressee", "list")


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # Counted before the form is checked: a flood of bad requests is a flood all the same.
        email = request.POST.get("email", "").strip()
        verdict = limits_check(
            action="follow",
            ip_hash=request_ip_hash(request),
            email_digest=email_digest(email) if email else "",
            target="&".join(request.POST.get(name, "")[:64] for name in TARGET_FIELDS),
        )
        if verdict.exceeded:
            return too_many(request, verdict)
        form = FollowForm(request.POST)
        if form.is_valid():
            services.follow_request(
                target=form.cleaned_data["target"],
                email=form.cleaned_data["email"],
                language=get_language(),
            )
            # The same next page whether or not the address already follows.
            return redirect("follows:sent")
        context = {"form": form, "target": _target_named(request.POST)}
        return render(request, "follows/follow.html", context, status=400)
    target = _target_named(request.GET)
    if target is None:
        raise Http404
    initial = {name: request.GET.get(name, "") for name in TARGET_FIELDS}
    return render(
        request, "follows/follow.html", {"form": FollowForm(initial=initial), "target": target}
    )


def _target_named(data) -> Target | None:
    return target_from(
        appeal=data.get("appeal", "")[:20],
        addressee=data.get("addressee", "")[:64],
        listing=data.get("list", "")[:32],
    )


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "follows/sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (a mail scanner that opens links confirms nothing); POST confirms."""
    if request.method == "POST":
        try:
            services.follow_confirm(token=token)
        except DomainError as error:
            return render(request, "follows/invalid.html", {"error": error.message}, status=400)
        return redirect("follows:confirmed")
    return render(request, "follows/confirm.html")


def confirmed(request: HttpRequest) -> HttpResponse:
    return render(request, "follows/confirmed.html")


@csrf_exempt  # RFC 8058: a mail program posts here with no cookie; the signed link is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirm button. POST (the button, or a mail program's one-click request with
    `List-Unsubscribe=One-Click`) unsubscribes: the button's POST is redirected, the mail
    program's is answered at once (it shows nobody a page)."""
    if request.method == "POST":
        try:
            services.follow_unsubscribe(token=token)
        except DomainError as error:
            return render(request, "follows/invalid.html", {"error": error.message}, status=400)
        if request.POST.get("from_page"):
            return redirect("follows:unsubscribed")
        return render(request, "follows/unsubscribed.html")
    return render(request, "follows/unsubscribe.html")


def unsubscribed(request: HttpRequest) -> HttpResponse:
    return render(request, "follows/unsubscribed.html")
