"""Staff pages of a campaign's triage: thin, each validates, calls one service or selector."""

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from heard.addresses.models import Campaign
from heard.addresses.selectors import counted_or_estimated
from heard.core.access import permission_first
from heard.core.cleaning.rules import id_from
from heard.core.errors import DomainError
from heard.core.http_methods import post_or_redirect
from heard.triage import forms, rules, selectors, services
from heard.triage.models import DuplicateGroup
from heard.triage.router_store import confidence_threshold, needs_person

PAGE_SIZE = 50
# The stages a run records (heard/triage/runs.py, lib/pipeline.py), as the overview names them.
STAGE_NAMES = {
    "load": gettext_lazy("reading the addresses"),
    "normalise": gettext_lazy("normalising the texts"),
    "duplicates": gettext_lazy("finding near-duplicates"),
    "extra": gettext_lazy("each copy's own text"),
    "clusters": gettext_lazy("topics"),
    "routing": gettext_lazy("suggesting departments"),
    "store": gettext_lazy("storing the results"),
    "upkeep": gettext_lazy("bringing the table's statistics up to date"),
}


def campaign_page(view):
    """Every page of one campaign: the triage role first, then the campaign among the user's."""
    return permission_first("triage.use", scope=rules.VISIBLE_CAMPAIGN)(view)


@permission_first("triage.use")
def index(request: HttpRequest) -> HttpResponse:
    campaigns = list(rules.campaigns_visible(request.user))
    rows = [(c, selectors.triage_run_latest(campaign=c)) for c in campaigns]
    return render(request, "triage/index.html", {"rows": rows})


@campaign_page
def overview(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    counts = selectors.triage_counts(campaign=campaign)
    shown = {
        name: _("about %(count)s") % {"count": intcomma(value)}
        if name in counts["estimated"] else intcomma(value)
        for name, value in counts.items() if name != "estimated"
    }
    completed = selectors.triage_run_completed(campaign=campaign)
    return render(request, "triage/overview.html", {
        "campaign": campaign,
        "latest": selectors.triage_run_latest(campaign=campaign),
        "completed": completed,
        "stages": [
            (STAGE_NAMES.get(name, name), seconds)
            for name, seconds in (completed.stages.items() if completed else ())
        ],
        "counts": counts,
        "shown": shown,
        "can_run": rules.can_run(request.user, campaign),
    })


@campaign_page
@require_POST
def run(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    try:
        services.triage_run_request(campaign=campaign, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The triage is queued; this page shows when it is done."))
    return redirect("triage:overview", slug=campaign.slug)


@campaign_page
def clusters(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    page = Paginator(selectors.clusters_by_size(campaign=campaign), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    texts = selectors.representatives(page.object_list)
    for cluster in page.object_list:
        cluster.examples = [texts[pk] for pk in cluster.representative_ids if pk in texts][:3]
    return render(request, "triage/clusters.html", {"campaign": campaign, "page": page})


def _render_mass(request, campaign, status=200):
    form = forms.MassFilterForm(request.GET or None)
    min_size = selectors.MASS_CAMPAIGN_SIZE
    if form.is_valid() and form.cleaned_data["min_size"]:
        min_size = form.cleaned_data["min_size"]
    groups = selectors.mass_campaigns(campaign=campaign, min_size=min_size)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "triage/mass.html", {
        "campaign": campaign, "page": page, "form": form, "min_size": min_size,
        "can_decide": rules.can_decide(request.user, campaign),
    }, status=status)


@campaign_page
def mass(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    return _render_mass(request, campaign)


@campaign_page
def group(request: HttpRequest, campaign: Campaign, pk: int) -> HttpResponse:
    """A duplicate group: its template and every member with its own text, those with a
    question of their own first."""
    found = selectors.duplicate_group(campaign=campaign, pk=pk)
    if found is None:  # a new run replaces the groups: an old link leads back to the list
        messages.error(request, _("That duplicate group is not in this campaign any more."))
        return redirect("triage:mass", slug=campaign.slug)
    page = Paginator(selectors.group_members(group=found), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "triage/group.html", {
        "campaign": campaign, "group": found, "page": page,
        "counts": selectors.group_counts(group=found),
        "can_decide": rules.can_decide(request.user, campaign),
    })


@campaign_page
@post_or_redirect(
    lambda request, campaign, pk: reverse("triage:group", args=[campaign.slug, pk])
)
def merge(request: HttpRequest, campaign: Campaign, pk: int) -> HttpResponse:
    slug = campaign.slug
    group = DuplicateGroup.objects.filter(pk=pk, campaign=campaign).first()
    if group is None:
        messages.error(request, _("That duplicate group is not in this campaign any more."))
        return redirect("triage:mass", slug=slug)
    if request.POST.get("confirm") != "yes":
        # A merge answers many people at once: say how many first (nothing changes here).
        return render(
            request,
            "triage/merge_confirm.html",
            {
                "campaign": campaign,
                "group": group,
                "min_size": request.POST.get("min_size", ""),
                **services.triage_group_merge_preview(group=group),
            },
        )
    try:
        outcome = services.triage_group_merge(group=group, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        message = ngettext(
            "%(count)d address merged into its primary.",
            "%(count)d addresses merged into their primary.", outcome.merged
        ) % {"count": outcome.merged}
        if outcome.kept_open:
            message += " " + ngettext(
                "%(count)d copy with a question of its own stays open.",
                "%(count)d copies with questions of their own stay open.", outcome.kept_open
            ) % {"count": outcome.kept_open}
        messages.success(request, message)
    return _back_to_mass(request, slug)


def _back_to_mass(request, slug):
    response = redirect("triage:mass", slug=slug)
    min_size = request.POST.get("min_size", "")
    if min_size.isdigit():
        response["Location"] += f"?min_size={min_size}"
    return response


@campaign_page
@require_http_methods(["GET", "POST"])
def suggestions(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    cluster = None
    cluster_id = id_from(request.GET.get("cluster", ""))
    if cluster_id is not None:
        cluster = selectors.clusters_by_size(campaign=campaign).filter(pk=cluster_id).first()
    form = forms.DecisionForm(request.POST or None, campaign=campaign)
    error, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            error, done = _decide(request, campaign, form.cleaned_data)
            if done is not None:
                _say_decided(request, *done)
                return redirect(request.get_full_path())
            status = 409
    pending = selectors.suggestions_pending(campaign=campaign, cluster=cluster)
    paginator = Paginator(pending, PAGE_SIZE)
    # Counting every pending row of a large campaign costs more than the page: past a
    # thousand the pages are numbered from the planner's estimate.
    paginator.count, estimated = counted_or_estimated(pending)
    if estimated:
        # An estimate may fall short: the page asked for, and the one after it, stay reachable.
        asked = id_from(request.GET.get("page", "")) or 1
        paginator.count = max(paginator.count, asked * PAGE_SIZE + 1)
    page = paginator.get_page(request.GET.get("page"))
    for row in page.object_list:
        row.needs_person = needs_person(row.suggestions)
    return render(request, "triage/suggestions.html", {
        "campaign": campaign, "cluster": cluster, "page": page, "form": form, "error": error,
        "threshold": confidence_threshold(),
        "selected": set(request.POST.getlist("address")),
        "can_decide": rules.can_decide(request.user, campaign),
    }, status=status)


def _decide(request, campaign, data) -> tuple[str | None, tuple[int, int] | None]:
    """(error, None) or (None, (assigned, skipped as needing a person))."""
    address_ids = request.POST.getlist("address")
    try:
        if data["action"] == forms.DecisionForm.ACCEPT:
            done = tuple(services.triage_suggestions_accept(
                campaign=campaign, actor=request.user, address_ids=address_ids))
        else:
            done = (services.triage_suggestions_override(
                campaign=campaign, actor=request.user, address_ids=address_ids,
                department=data["department"]), 0)
    except DomainError as error:
        return error.message, None
    return None, done


def _say_decided(request, assigned: int, skipped: int) -> None:
    messages.success(request, ngettext(
        "%(count)d address assigned.", "%(count)d addresses assigned.", assigned
    ) % {"count": assigned})
    if skipped:
        messages.warning(request, ngettext(
            "%(count)d address skipped: its suggestion needs a person; assign it below.",
            "%(count)d addresses skipped: their suggestions need a person; assign them below.",
            skipped) % {"count": skipped})


@campaign_page
def digest(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """The analyst's digest of the latest completed run: a page, a printable page (?print=1)
    and CSV (?format=csv)."""
    from heard.triage.digest import campaign_digest, digest_csv_write

    figures = campaign_digest(campaign=campaign)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="digest-{campaign.slug}.csv"'
        digest_csv_write(response, figures)
        return response
    return render(
        request,
        "triage/digest.html",
        {"campaign": campaign, "printable": request.GET.get("print") == "1", **figures},
    )
