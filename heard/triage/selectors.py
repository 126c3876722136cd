"""Reads for the triage pages."""

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from heard.addresses.models import Address, Campaign
from heard.addresses.selectors import counted_or_estimated
from heard.triage.arrivals import stored_whole
from heard.triage.models import AddressTriage, Cluster, DuplicateGroup, TriageRun

MASS_CAMPAIGN_SIZE = 10


def triage_run_latest(*, campaign: Campaign) -> TriageRun | None:
    return TriageRun.objects.filter(campaign=campaign).first()


def triage_run_completed(*, campaign: Campaign) -> TriageRun | None:
    return TriageRun.objects.filter(campaign=campaign, status=TriageRun.Status.COMPLETED).first()


def triage_counts(*, campaign: Campaign) -> dict:
    """The overview's figures, each exact when small and otherwise the planner's estimate (the
    names of those estimated under "estimated"): exact counts over a million-address campaign
    cost a second per view."""
    rows = AddressTriage.objects.filter(campaign=campaign)
    counts, estimated = {}, set()
    for name, queryset in {
        "triaged": rows,
        "arrivals": rows.filter(origin=AddressTriage.Origin.ARRIVAL),
        "suggested": rows.filter(suggestion=AddressTriage.Suggestion.SUGGESTED),
        "decided": rows.filter(suggestion__in=[
            AddressTriage.Suggestion.ACCEPTED, AddressTriage.Suggestion.OVERRIDDEN]),
    }.items():
        counts[name], about = counted_or_estimated(queryset)
        if about:
            estimated.add(name)
    counts["waiting"], about = _waiting(
        campaign, triaged=counts["triaged"], triaged_estimated="triaged" in estimated)
    if about:
        estimated.add("waiting")
    counts["estimated"] = estimated
    return counts


def _waiting(campaign: Campaign, *, triaged: int, triaged_estimated: bool) -> tuple[int, bool]:
    """Addresses of the campaign with no triage row. A completed run gave one to every address
    it read, so only those added after the last it read can wait: the anti-join covers them
    alone, not the whole campaign. Before any run completes, the campaign less the triaged."""
    if triage_run_completed(campaign=campaign) is not None:
        last_read = AddressTriage.objects.filter(
            campaign=campaign, origin=AddressTriage.Origin.RUN).aggregate(last=Max("address_id"))
        untriaged = Address.objects.filter(campaign=campaign, triage__isnull=True)
        if last_read["last"] is not None:
            untriaged = untriaged.filter(pk__gt=last_read["last"])
        return untriaged.count(), False
    total, about = counted_or_estimated(Address.objects.filter(campaign=campaign))
    return max(total - triaged, 0), about or triaged_estimated


def results_shown(*, campaign: Campaign) -> bool:
    """False while a run is replacing the campaign's results (or died doing so): they are
    partial then, and the pages below show none of them (heard/triage/runs.py)."""
    return stored_whole(campaign.pk)


def clusters_by_size(*, campaign: Campaign) -> QuerySet[Cluster]:
    if not results_shown(campaign=campaign):
        return Cluster.objects.none()
    return Cluster.objects.filter(campaign=campaign).order_by("-size", "number")


def representatives(clusters) -> dict[int, Address]:
    """Address by id for the representatives of the given clusters, in one query."""
    ids = {pk for cluster in clusters for pk in cluster.representative_ids}
    return Address.objects.only("pk", "number", "text").in_bulk(ids)


def mass_campaigns(*, campaign: Campaign, min_size: int) -> QuerySet[DuplicateGroup]:
    """Groups by size, each with how many addresses are merged into its primary: counted per
    group shown (a subquery on the index of merged_into), not grouped over every member of every
    group, which took seconds at a million addresses (decision 0516)."""
    merged = (
        Address.objects.filter(merged_into_id=OuterRef("primary_id"))
        .order_by().values("merged_into_id").annotate(count=Count("pk")).values("count")
    )
    if not results_shown(campaign=campaign):
        return DuplicateGroup.objects.none()
    return (
        DuplicateGroup.objects.filter(campaign=campaign, size__gte=min_size)
        .select_related("primary")
        .annotate(merged=Coalesce(Subquery(merged), 0))
        .order_by("-size", "pk")
    )


def suggestions_pending(*, campaign: Campaign, cluster: Cluster | None = None):
    """Addresses whose suggestion awaits a decision and that can still be assigned."""
    if not results_shown(campaign=campaign):
        return AddressTriage.objects.none()
    rows = AddressTriage.objects.filter(
        campaign=campaign, suggestion__in=AddressTriage.UNDECIDED,
        address__status__in=Address.ASSIGNABLE,
    )
    if cluster is not None:
        rows = rows.filter(cluster=cluster)
    # Only what the page shows: the topic's centroid and the address's other columns would be
    # carried through the sort of every pending row.
    return (
        rows.select_related("address", "address__department")
        .only("pk", "address_id", "suggestions", "suggestion", "address__number",
              "address__text", "address__department__name")
        .order_by("-suggestion", "address_id")
    )


def duplicate_group(*, campaign: Campaign, pk: int) -> DuplicateGroup | None:
    if not results_shown(campaign=campaign):
        return None
    return (DuplicateGroup.objects.filter(campaign=campaign, pk=pk)
            .select_related("primary", "template").first())


def group_members(*, group: DuplicateGroup) -> QuerySet[AddressTriage]:
    """The group's members, those whose own text asks a question of its own first."""
    return (
        AddressTriage.objects.filter(group=group)
        .select_related("address")
        .only("pk", "address_id", "extra", "own_question", "kept_open_at", "is_primary",
              "address__number", "address__status", "address__received_at", "address__text")
        .order_by("-own_question", "address_id")
    )


def group_counts(*, group: DuplicateGroup) -> dict:
    return AddressTriage.objects.filter(group=group).aggregate(
        members=Count("pk"),
        own_questions=Count("pk", filter=Q(own_question=True)),
        open_questions=Count("pk", filter=Q(
            own_question=True, address__status__in=Address.IN_PROGRESS)),
        merged=Count("pk", filter=Q(address__status=Address.Status.MERGED)),
    )
