"""Moderators invalidate signatures in bulk (by IP hash, domain, time window or region), after
seeing how many a choice matches; each invalidation is audited and can be reversed."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from heard.appeals.models import Appeal
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import PermissionDenied, TransitionNotAllowed
from heard.offices import rules
from heard.signatures.fraud import rule_value
from heard.signatures.models import Signature, SignatureInvalidation, SignerRule
from heard.signatures.retention import signatures_anonymise
from heard.signatures.services import jobs_nudge


def signatures_narrowed(found, *, ip: str = "", domain: str = "", since=None, until=None):
    """`found` narrowed by IP (an address or its hash), e-mail domain and a time window."""
    if ip:
        found = found.filter(ip_digest=rule_value(kind=SignerRule.Kind.IP, raw=ip))
    if domain:
        found = found.filter(email_domain=rule_value(kind=SignerRule.Kind.DOMAIN, raw=domain))
    if since:
        found = found.filter(created_at__gte=since)
    if until:
        found = found.filter(created_at__lt=until)
    return found


def signatures_matching(
    *,
    appeal: Appeal,
    ip: str = "",
    domain: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    region_code: str = "",
    held_only: bool = False,
):
    """Signatures of `appeal` that an invalidation with these criteria would take (`held_only`:
    only those held over a rate limit, see holds.py)."""
    if not (ip or domain or since or until or region_code or held_only):
        raise TransitionNotAllowed(_("Choose at least one of: IP, domain, time window, region."))
    # Signers and sponsors: the initiator's own signature stands or falls with the appeal, which
    # a moderator rejects rather than invalidates.
    found = Signature.objects.filter(appeal=appeal, status__in=Signature.INVALIDATABLE).exclude(
        role=Signature.Role.CREATOR
    )
    if held_only:
        found = found.filter(status__in=Signature.RELEASABLE)
    found = signatures_narrowed(found, ip=ip, domain=domain, since=since, until=until)
    if region_code:
        found = found.filter(region__code=region_code)
    return found


def _criteria(**criteria) -> dict:
    return {key: str(value) for key, value in criteria.items() if value}


@transaction.atomic
def signatures_invalidate(
    *, appeal: Appeal, moderator, reason: str, **criteria
) -> SignatureInvalidation:
    if not rules.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can invalidate signatures."))
    if not reason.strip():
        raise TransitionNotAllowed(_("Say why these signatures are invalid."))
    matching = signatures_matching(appeal=appeal, **criteria)
    now = clock.now()
    invalidation = SignatureInvalidation.objects.create(
        appeal=appeal,
        criteria=_criteria(**criteria),
        reason=reason.strip(),
        created_at=now,
        created_by=moderator,
    )
    # One UPDATE: each row keeps the status it had, to be restored if this is reversed.
    count = matching.filter(status__in=Signature.INVALIDATABLE).update(
        status_before_invalidation=F("status"),
        status=Signature.Status.INVALIDATED,
        invalidated_at=now,
        invalidation=invalidation,
    )
    invalidation.count = count
    invalidation.save(update_fields=["count"])
    audit_record(
        subject=appeal,
        verb="signatures_invalidated",
        actor=moderator,
        data={"invalidation": invalidation.pk, "count": count, **invalidation.criteria},
    )
    jobs_nudge(counts=True)
    return invalidation


@transaction.atomic
def signature_invalidation_reverse(
    *, invalidation: SignatureInvalidation, moderator
) -> SignatureInvalidation:
    if not rules.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can reverse an invalidation."))
    invalidation = SignatureInvalidation.objects.select_for_update().get(pk=invalidation.pk)
    if invalidation.status not in SignatureInvalidation.REVERSIBLE:
        raise TransitionNotAllowed(_("This invalidation has been reversed already."))
    taken = Signature.objects.filter(invalidation=invalidation, status=Signature.Status.INVALIDATED)
    restored = taken.filter(status_before_invalidation__in=Signature.INVALIDATABLE).update(
        status=F("status_before_invalidation"),
        status_before_invalidation="",
        invalidated_at=None,
        invalidation=None,
    )
    # Removed by their signers meanwhile: removed now, their data erased as any removed one's.
    removed = taken.filter(status_before_invalidation=Signature.Status.REMOVED)
    removed_ids = list(removed.values_list("pk", flat=True))
    removed.update(
        status=Signature.Status.REMOVED,
        status_before_invalidation="",
        invalidated_at=None,
        invalidation=None,
    )
    signatures_anonymise(Signature.objects.filter(pk__in=removed_ids))
    invalidation.status = SignatureInvalidation.Status.REVERSED
    invalidation.reversed_at = clock.now()
    invalidation.reversed_by = moderator
    invalidation.save(update_fields=["status", "reversed_at", "reversed_by"])
    audit_record(
        subject=invalidation.appeal,
        verb="signatures_invalidation_reversed",
        actor=moderator,
        data={
            "invalidation": invalidation.pk,
            "count": restored,
            "removed_meanwhile": len(removed_ids),
        },
    )
    jobs_nudge(counts=True)
    return invalidation
