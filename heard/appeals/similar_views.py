"""The create form's "look for similar appeals first": the draft's words are compared with the
existing appeals and the form comes back filled in as it was, with the list above it. Nothing is
stored; the form's own button still creates the appeal (signatures.initiator_views)."""

import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from heard.appeals.forms import AppealForm
from heard.appeals.similar import similar_to
from heard.core.limits import limits_check, request_ip_hash

CHECKED_FIELDS = ("title", "demands", "text")


@require_http_methods(["GET", "POST"])
def appeal_similar_check(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # a reload or a language switch on this address
        return redirect("signatures:start")
    words = {name: request.POST.get(name, "") for name in CHECKED_FIELDS}
    # Unbound, so that fields not filled in yet show no error: this is not the submission.
    form = AppealForm(initial=request.POST.dict())
    verdict = limits_check(action="similar_check", ip_hash=request_ip_hash(request))
    if verdict.exceeded:  # the draft comes back as typed: nothing the initiator wrote is lost
        response = render(
            request,
            "appeals/create.html",
            {
                "form": form,
                "similar_checked": True,
                "too_many_minutes": max(1, math.ceil(verdict.retry_after / 60)),
            },
            status=429,
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response
    similar = similar_to(
        title=words["title"], demands=words["demands"].splitlines(), text=words["text"]
    )
    return render(
        request,
        "appeals/create.html",
        {"form": form, "similar": similar, "similar_checked": True},
    )
