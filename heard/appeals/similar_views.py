"""The create form's "look for similar appeals first": the draft's words are compared with the
existing appeals and the form comes back filled in as it was, with the list above it. Nothing is
stored; the form's own button still creates the appeal (signatures.initiator_views)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from heard.appeals.forms import AppealForm
from heard.appeals.similar import similar_to

CHECKED_FIELDS = ("title", "demands", "text")


@require_http_methods(["GET", "POST"])
def appeal_similar_check(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # a reload or a language switch on this address
        return redirect("signatures:start")
    words = {name: request.POST.get(name, "") for name in CHECKED_FIELDS}
    # Unbound, so that fields not filled in yet show no error: this is not the submission.
    form = AppealForm(initial=request.POST.dict())
    similar = similar_to(
        title=words["title"], demands=words["demands"].splitlines(), text=words["text"]
    )
    return render(
        request,
        "appeals/create.html",
        {"form": form, "similar": similar, "similar_checked": True},
    )
