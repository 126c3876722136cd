"""Writes of triage: request and perform a run, join arrivals, and act on the results.

State changes of addresses go through heard.addresses' services (guarded and audited there);
a bulk decision is one transaction, so a refusal for one address leaves every address as it was.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from heard.addresses import services as address_services
from heard.addresses.models import Address, Campaign
from heard.core import clock
from heard.core.audit import audit_record, audit_records
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from heard.offices.models import Department
from heard.triage import rules
from heard.triage.arrivals import arrivals_join
from heard.triage.models import AddressTriage, DuplicateGroup, TriageRun
from heard.triage.router_store import needs_person
from heard.triage.runs import compute_and_store

MAX_SELECTION = 500
# A worker that died mid-run leaves its run "running"; after this long another may start.
STALE_AFTER = timedelta(hours=6)
# address_merge_bulk lists the ids in one statement; databases cap the parameters of one.
MERGE_CHUNK = 20_000

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


def _selected(campaign: Campaign, address_ids, allowed, message: str) -> list[AddressTriage]:
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


def _mergeable(group: DuplicateGroup, *, primary_id: int):
    """Open members a merge closes: every copy but the primary and those with a question of
    their own (heard/triage/lib/own_question.py), which stay open and linked to the group."""
    return AddressTriage.objects.filter(
        group=group, address__status__in=Address.MERGEABLE, own_question=False
    ).exclude(address_id=primary_id)


def _kept_open(group: DuplicateGroup, *, primary_id: int):
    return AddressTriage.objects.filter(
        group=group, address__status__in=Address.MERGEABLE, own_question=True
    ).exclude(address_id=primary_id)


def triage_group_merge_preview(*, group: DuplicateGroup) -> dict:
    """What a merge would change, for the confirmation step: how many addresses are merged, how
    many applicants are e-mailed (those merged who left an e-mail) and how many copies stay open
    because they ask something of their own."""
    mergeable = _mergeable(group, primary_id=group.primary_id)
    return {
        "addresses": mergeable.count(),
        "emails": mergeable.exclude(address__email="").count(),
        "kept_open": _kept_open(group, primary_id=group.primary_id).count(),
    }


@dataclass(frozen=True)
class MergeOutcome:
    merged: int
    kept_open: int


@transaction.atomic
def triage_group_merge(*, group: DuplicateGroup, actor) -> MergeOutcome:
    """Merge the open members of a duplicate group into its primary, except the copies whose own
    text asks something of their own: those stay open (listed, routable, answerable), stamped
    as left open by this merge and audited on their own history."""
    campaign = Campaign.objects.select_related("addressee").get(pk=group.campaign_id)
    _require(rules.can_decide(actor, campaign))
    primary = Address.objects.select_related("addressee").get(pk=group.primary_id)
    if primary.status not in Address.CAN_BE_PRIMARY:
        raise TransitionNotAllowed(_(
            "The primary address %(number)s cannot take merged addresses: it is %(state)s."
        ) % {"number": primary.number, "state": primary.get_status_display()})
    members = list(
        _mergeable(group, primary_id=primary.pk).order_by("address_id")
        .values_list("address_id", flat=True)
    )
    kept_open = _kept_open(group, primary_id=primary.pk)
    # Copies left open by an earlier merge stay as they are; only the new ones are stamped.
    kept = list(kept_open.filter(kept_open_at__isnull=True).order_by("address_id")
                .values_list("address_id", flat=True))
    if not members and not kept:
        raise TransitionNotAllowed(_(
            "Nothing to merge: every other address of the group is already merged, closed "
            "or not yet registered."))
    merged = 0
    for start in range(0, len(members), MERGE_CHUNK):
        merged += address_services.address_merge_bulk(
            primary=primary, address_ids=members[start : start + MERGE_CHUNK], actor=actor
        )
    now = clock.now()
    for start in range(0, len(kept), MERGE_CHUNK):
        chunk = kept[start : start + MERGE_CHUNK]
        AddressTriage.objects.filter(address_id__in=chunk).update(kept_open_at=now)
        audit_records(model=Address, subject_ids=chunk, verb="kept_open", actor=actor,
                      data={"group": group.pk, "primary": primary.number})
    DuplicateGroup.objects.filter(pk=group.pk).update(merged_at=now)
    audit_record(subject=group, verb="merged", actor=actor,
                 data={"primary": primary.number, "merged": merged, "kept_open": len(kept)})
    return MergeOutcome(merged=merged, kept_open=kept_open.count())
