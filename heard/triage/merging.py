"""One merge for a duplicate group and for addresses chosen in the queue: the copies whose own
text asks something of their own (heard/triage/lib/own_question.py, decision 0514) stay open,
the others are merged into the primary and answered with it.

A copy the triage put in a group is judged by its stored flag (its own text measured against the
group's reference); any other address by the same rule on its own text beyond the primary's (the
primary's group reference when it has one)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from heard.addresses import services as address_services
from heard.addresses.models import Address
from heard.core import clock
from heard.core.audit import audit_records
from heard.core.errors import TransitionNotAllowed
from heard.triage.lib.extra import TemplateShingles
from heard.triage.lib.own_question import asks_own_question
from heard.triage.models import AddressTriage

# address_merge_bulk lists the ids in one statement; databases cap the parameters of one.
MERGE_CHUNK = 20_000


@dataclass(frozen=True)
class MergeSplit:
    merged: list[int]
    kept_open: list[int]
    # Of those kept open, the ones no earlier merge has marked so (only they are stamped).
    newly_kept: list[int]
    emails: int


@dataclass(frozen=True)
class MergeOutcome:
    merged: int
    kept_open: int


def _reference(primary: Address) -> str:
    triage = AddressTriage.objects.filter(address=primary).select_related("group").first()
    if triage is not None and triage.group is not None and triage.group.reference:
        return triage.group.reference
    return primary.text


def merge_split(*, primary: Address, addresses: QuerySet[Address]) -> MergeSplit:
    """Which of these addresses a merge into the primary closes and which stay open; only those
    that may be merged count (open, of the primary's addressee, not the primary itself)."""
    rows = (
        addresses.filter(addressee_id=primary.addressee_id, status__in=Address.MERGEABLE)
        .exclude(pk=primary.pk)
        .order_by("pk")
        .values_list(
            "pk", "text", "email", "triage__group_id", "triage__own_question",
            "triage__kept_open_at",
        )
    )
    reference = None
    merged, kept_open, newly_kept, emails = [], [], [], 0
    for pk, text, email, group_id, own_question, kept_open_at in rows.iterator(chunk_size=2000):
        if group_id is None:
            reference = reference or TemplateShingles(_reference(primary))
            own_question = asks_own_question(reference.own_text(text))
        if own_question:
            kept_open.append(pk)
            if kept_open_at is None:
                newly_kept.append(pk)
        else:
            merged.append(pk)
            emails += bool(email)
    return MergeSplit(merged, kept_open, newly_kept, emails)


@transaction.atomic
def addresses_merge_into(*, primary: Address, split: MergeSplit, actor, data: dict) -> MergeOutcome:
    """Merge the split's addresses into the primary (audited, the applicants told after
    commit) and mark the newly kept open as left open by this merge: a `kept_open` event on each
    one's history, and the moment on its triage row when it has one."""
    if primary.status not in Address.CAN_BE_PRIMARY:
        raise TransitionNotAllowed(_(
            "The primary address %(number)s cannot take merged addresses: it is %(state)s."
        ) % {"number": primary.number, "state": primary.get_status_display()})
    merged = 0
    for start in range(0, len(split.merged), MERGE_CHUNK):
        merged += address_services.address_merge_bulk(
            primary=primary, address_ids=split.merged[start : start + MERGE_CHUNK], actor=actor
        )
    now = clock.now()
    for start in range(0, len(split.newly_kept), MERGE_CHUNK):
        chunk = split.newly_kept[start : start + MERGE_CHUNK]
        AddressTriage.objects.filter(address_id__in=chunk).update(kept_open_at=now)
        audit_records(model=Address, subject_ids=chunk, verb="kept_open", actor=actor,
                      data=data | {"primary": primary.number})
    return MergeOutcome(merged=merged, kept_open=len(split.kept_open))
