"""Writes of triage: request and perform a run, join arrivals, and act on the results.

State changes of addresses go through heard.addresses' services (guarded and audited there);
a bulk decision is one transaction, so a refusal for one address leaves every address as it was.
"""

from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from heard.addresses import services as address_services
from heard.addresses.models import Address, Campaign
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from heard.offices.models import Department
from heard.triage import rules
from heard.triage.arrivals import arrivals_join, stored_whole
from heard.triage.merging import MergeOutcome, addresses_merge_into, merge_split
from heard.triage.models import AddressTriage, DuplicateGroup, TriageRun
from heard.triage.router_store import needs_person
from heard.triage.runs import compute_and_store

MAX_SELECTION = 500
# A worker that died mid-run leaves its run "running"; after this long another may start.
STALE_AFTER = timedelta(hours=6)

__all__ = [
    "arrivals_join",
    "triage_group_merge",
    "triage_run_campaign",
    "triage_run_request",
    "triage_suggestions_accept",
    "triage_suggestions_override",
]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Only the office of the campaign's addressee can do this."))


@transaction.atomic
def triage_run_request(*, campaign: Campaign, actor, threshold: float = 0.6) -> TriageRun:
    """Queue a full run of the campaign; refused while one is queued or running."""
    from heard.triage.tasks import triage_campaign_run

    _require(rules.can_run(actor, campaign))
    if not 0 < threshold <= 1:
        raise DomainError(_("The threshold must be above 0 and at most 1."), code="invalid")
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()  # one request at a time
    now = clock.now()
    TriageRun.objects.filter(
        campaign=campaign, status=TriageRun.Status.RUNNING, started_at__lt=now - STALE_AFTER
    ).update(status=TriageRun.Status.FAILED, finished_at=now, error="stale")
    if TriageRun.objects.filter(campaign=campaign, status__in=TriageRun.ACTIVE).exists():
        raise TransitionNotAllowed(_("A triage of this campaign is already queued or running."))
    run = TriageRun.objects.create(
        campaign=campaign, requested_by=actor, threshold=threshold, created_at=now
    )
    audit_record(subject=run, verb="requested", actor=actor, data={"campaign": campaign.slug})
    run_id = run.pk
    transaction.on_commit(lambda: triage_campaign_run.enqueue(run_id=run_id))
    return run


def _claim(run_id: int) -> TriageRun | None:
    # A conditional UPDATE: of two workers given the same run, only one moves it on.
    claimed = TriageRun.objects.filter(pk=run_id, status=TriageRun.Status.QUEUED).update(
        status=TriageRun.Status.RUNNING, started_at=clock.now()
    )
    return TriageRun.objects.select_related("campaign").get(pk=run_id) if claimed else None


def triage_run_campaign(
    *, campaign_id: int, run_id: int | None = None, encoder: bool | None = None
) -> TriageRun | None:
    """Perform a queued run (or a new one, without run_id); None if it is not queued any more.

    The caller holds the campaign's lock. A failure is recorded on the run and raised again.
    """
    if run_id is None:
        if TriageRun.objects.filter(campaign_id=campaign_id, status__in=TriageRun.ACTIVE).exists():
            return None
        run_id = TriageRun.objects.create(campaign_id=campaign_id, created_at=clock.now()).pk
    run = _claim(run_id)
    if run is None or run.campaign_id != campaign_id:
        return None
    try:
        return compute_and_store(run, encoder=encoder)
    except Exception as error:
        TriageRun.objects.filter(pk=run.pk).update(
            status=TriageRun.Status.FAILED, finished_at=clock.now(), error=str(error)[:2000]
        )
        raise


def _require_whole(campaign_id: int) -> None:
    """Decisions act on stored results only when they are whole, not while a run replaces them."""
    if not stored_whole(campaign_id):
        raise TransitionNotAllowed(_(
            "A triage run is replacing this campaign's results; decide once it has completed."))


def _selected(campaign: Campaign, address_ids, allowed, message: str) -> list[AddressTriage]:
    _require_whole(campaign.pk)
    try:
        ids = sorted({int(pk) for pk in address_ids})
    except (TypeError, ValueError):
        raise DomainError(_("The selection is not a list of addresses."), code="invalid") from None
    if not ids:
        raise DomainError(_("Select at least one address."), code="empty_selection")
    if len(ids) > MAX_SELECTION:
        raise DomainError(
            _("Select at most %(count)d addresses at a time.") % {"count": MAX_SELECTION},
            code="too_many",
        )
    rows = list(
        AddressTriage.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, address_id__in=ids)
        .select_related("address__addressee", "address__department")
    )
    if len(rows) != len(ids):
        raise DomainError(
            _("Some selected addresses are not in this campaign's triage."), code="unknown"
        )
    for row in rows:
        if row.suggestion not in allowed:
            raise TransitionNotAllowed(message % {
                "number": row.address.number, "state": row.get_suggestion_display()})
    return rows


def _decided(rows: list[AddressTriage], actor, state: str) -> int:
    AddressTriage.objects.filter(pk__in=[row.pk for row in rows]).update(
        suggestion=state, decided_at=clock.now(), decided_by=actor
    )
    return len(rows)


class Accepted(NamedTuple):
    accepted: int
    skipped: int  # their first suggestion needs a person: below the confidence threshold


@transaction.atomic
def triage_suggestions_accept(*, campaign: Campaign, actor, address_ids) -> Accepted:
    """Assign each selected address to its first suggested department, skipping those whose
    suggestion the router is not confident of: they need a person (an override)."""
    _require(rules.can_decide(actor, campaign))
    rows = _selected(campaign, address_ids, AddressTriage.ACCEPTABLE, _(
        "The suggestion for address %(number)s cannot be accepted: it is %(state)s."))
    confident = [row for row in rows if not needs_person(row.suggestions)]
    wanted = {row.suggestions[0]["department"] for row in confident}
    departments = Department.objects.filter(addressee_id=campaign.addressee_id).in_bulk(wanted)
    for row in confident:
        department = departments.get(row.suggestions[0]["department"])
        if department is None:
            raise DomainError(_(
                "The department suggested for address %(number)s no longer exists."
            ) % {"number": row.address.number}, code="unknown_department")
        address_services.address_assign(address=row.address, actor=actor, department=department)
    accepted = _decided(confident, actor, AddressTriage.Suggestion.ACCEPTED) if confident else 0
    return Accepted(accepted=accepted, skipped=len(rows) - len(confident))


@transaction.atomic
def triage_suggestions_override(
    *, campaign: Campaign, actor, address_ids, department: Department
) -> int:
    """Assign each selected address to the department the responder chose instead."""
    _require(rules.can_decide(actor, campaign))
    if department.addressee_id != campaign.addressee_id:
        raise TransitionNotAllowed(_("The department belongs to another addressee."))
    rows = _selected(campaign, address_ids, AddressTriage.OVERRIDABLE, _(
        "The suggestion for address %(number)s cannot be overridden: it is %(state)s."))
    for row in rows:
        address_services.address_assign(address=row.address, actor=actor, department=department)
    return _decided(rows, actor, AddressTriage.Suggestion.OVERRIDDEN)


def _members(group: DuplicateGroup):
    return Address.objects.filter(triage__group=group)


def triage_group_merge_preview(*, group: DuplicateGroup) -> dict:
    """What a merge would change, for the confirmation step: how many addresses are merged, how
    many applicants are e-mailed (those merged who left an e-mail) and how many copies stay open
    because they ask something of their own."""
    primary = Address.objects.get(pk=group.primary_id)
    split = merge_split(primary=primary, addresses=_members(group))
    return {"addresses": len(split.merged), "emails": split.emails,
            "kept_open": len(split.kept_open)}


@transaction.atomic
def triage_group_merge(*, group: DuplicateGroup, actor) -> MergeOutcome:
    """Merge the open members of a duplicate group into its primary, except the copies whose own
    text asks something of their own: those stay open (listed, routable, answerable), stamped
    as left open by this merge and audited on their own history (heard/triage/merging.py, the
    same merge the queue's bulk action uses)."""
    campaign = Campaign.objects.select_related("addressee").get(pk=group.campaign_id)
    _require(rules.can_decide(actor, campaign))
    _require_whole(campaign.pk)
    primary = Address.objects.select_related("addressee").get(pk=group.primary_id)
    split = merge_split(primary=primary, addresses=_members(group))
    if primary.status in Address.CAN_BE_PRIMARY and not split.merged and not split.newly_kept:
        raise TransitionNotAllowed(_(
            "Nothing to merge: every other address of the group is already merged, closed "
            "or not yet registered."))
    outcome = addresses_merge_into(primary=primary, split=split, actor=actor,
                                   data={"group": group.pk})
    DuplicateGroup.objects.filter(pk=group.pk).update(merged_at=clock.now())
    audit_record(subject=group, verb="merged", actor=actor,
                 data={"primary": primary.number, "merged": outcome.merged,
                       "kept_open": len(split.newly_kept)})
    return outcome
