"""Bulk actions on the responder's queue (decisions 0517, 0521): each address through its own
service (guarded, audited), a merge through the one merge that keeps copies with a question of
their own open (heard/triage/merging.py). Small sets are applied in the request; larger ones by
a task, a chunk per transaction, with a `BulkAction` row the progress page reads."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction

from heard.addresses.models import Address, AnswerTemplate, BulkAction
from heard.addresses.services.common import require_handler
from heard.addresses.services.handling import address_answer, address_assign, address_leave
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError
from heard.offices.models import Addressee, Department

CHUNK = 100


@dataclass
class BulkOutcome:
    changed: int = 0
    kept_open: int = 0
    refused: list[str] = field(default_factory=list)


def addresses_bulk_apply(
    *, addressee: Addressee, actor, action: str, params: dict, address_ids: list[int]
) -> BulkOutcome:
    """Apply one action to these addresses of the addressee; what a guard refuses is named in
    the outcome and the rest goes on."""
    outcome = BulkOutcome()
    addresses = Address.objects.filter(addressee=addressee, pk__in=address_ids)
    if action == "merge":
        from heard.triage.merging import addresses_merge_into, merge_split

        primary = Address.objects.get(pk=params["primary"], addressee=addressee)
        split = merge_split(primary=primary, addresses=addresses)
        try:
            merged = addresses_merge_into(primary=primary, split=split, actor=actor, data={})
        except DomainError as error:
            outcome.refused.append(f"{primary.number}: {error.message}")
        else:
            outcome.changed, outcome.kept_open = merged.merged, merged.kept_open
        return outcome
    department = template = None
    if action == "assign":
        department = Department.objects.get(pk=params["department"], addressee=addressee)
    elif action == "answer":
        template = AnswerTemplate.objects.get(pk=params["template"], addressee=addressee)
    for address in addresses.select_related("addressee").order_by("pk"):
        try:
            if action == "assign":
                address_assign(address=address, actor=actor, department=department)
            elif action == "answer":
                address_answer(address=address, actor=actor, text=template.text,
                               office=addressee.name)
            else:
                address_leave(address=address, actor=actor, ground=params["ground"])
        except DomainError as error:
            outcome.refused.append(f"{address.number}: {error.message}")
        else:
            outcome.changed += 1
    return outcome


def _key(*, addressee: Addressee, actor, action: str, params: dict, address_ids) -> str:
    described = json.dumps(
        [addressee.pk, actor.pk, action, params, sorted(address_ids)], sort_keys=True
    )
    return hashlib.sha256(described.encode()).hexdigest()


@transaction.atomic
def bulk_action_start(
    *, addressee: Addressee, actor, action: str, params: dict, address_ids: list[int]
) -> tuple[BulkAction, bool]:
    """Record a bulk action and queue its task; the same action by the same person on the same
    set, submitted again, returns the one already recorded (and queues nothing)."""
    from heard.addresses.tasks import bulk_action_run

    require_handler(actor, addressee)
    bulk, created = BulkAction.objects.get_or_create(
        key=_key(addressee=addressee, actor=actor, action=action, params=params,
                 address_ids=address_ids),
        defaults={
            "addressee": addressee,
            "actor": actor,
            "action": action,
            "params": params,
            "address_ids": sorted(address_ids),
            "created_at": clock.now(),
        },
    )
    if created:
        audit_record(subject=bulk, verb="started", actor=actor,
                     data={"action": action, "addresses": len(address_ids)})
        transaction.on_commit(lambda: bulk_action_run.enqueue(bulk_id=bulk.pk))
    return bulk, created


def bulk_action_step(*, bulk_id: int) -> bool:
    """Apply the next chunk of a bulk action; True while more remain. The chunk's changes and
    the advanced position commit together, so a step run twice changes nothing twice."""
    with transaction.atomic():
        bulk = BulkAction.objects.select_for_update().filter(pk=bulk_id).first()
        if bulk is None or bulk.status not in BulkAction.UNFINISHED:
            return False
        chunk = bulk.address_ids[bulk.position : bulk.position + CHUNK]
        outcome = addresses_bulk_apply(
            addressee=bulk.addressee, actor=bulk.actor, action=bulk.action,
            params=bulk.params, address_ids=chunk,
        )
        bulk.position += len(chunk)
        bulk.changed += outcome.changed
        bulk.kept_open += outcome.kept_open
        bulk.refused = (bulk.refused + outcome.refused)[:200]
        bulk.status = BulkAction.Status.RUNNING
        if bulk.position >= len(bulk.address_ids):
            bulk.status = BulkAction.Status.DONE
            bulk.finished_at = clock.now()
            audit_record(subject=bulk, verb="finished", actor=bulk.actor,
                         data={"changed": bulk.changed, "refused": len(bulk.refused)})
        bulk.save()
        return bulk.status != BulkAction.Status.DONE

