"""Signatures held over a rate limit (decision 0508): what moderators see of them and how they
let them go. A held signature is stored whole but its link is not mailed; releasing it makes the
link due (the outbox mails it) and leaves it pending as any other; invalidating it is the
ordinary bulk invalidation (invalidation.py), which takes held signatures too."""

from datetime import datetime

from django.db import transaction
from django.db.models import Case, Count, DateTimeField, F, Max, Min, QuerySet, Value, When
from django.db.models.functions import TruncHour
from django.utils.translation import gettext as _

from heard.appeals.models import Appeal
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import PermissionDenied, TransitionNotAllowed
from heard.offices import rules
from heard.signatures import signing_rules
from heard.signatures.invalidation import signatures_narrowed
from heard.signatures.models import Signature
from heard.signatures.services import jobs_nudge

EVIDENCE_ROWS = 20


def appeals_with_held() -> list[dict]:
    """Appeals with held signatures, the most first: id, title, held count, first and last."""
    rows = (
        Signature.objects.filter(status__in=Signature.RELEASABLE)
        .values("appeal", "appeal__title")
        .annotate(held=Count("id"), first=Min("created_at"), last=Max("created_at"))
        .order_by("-held", "appeal")
    )
    return list(rows[:200])


def held_matching(
    *,
    appeal: Appeal,
    ip: str = "",
    domain: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Signature]:
    """Held signatures of `appeal`, narrowed by IP (an address or its hash), domain and time."""
    found = Signature.objects.filter(appeal=appeal, status__in=Signature.RELEASABLE)
    return signatures_narrowed(found, ip=ip, domain=domain, since=since, until=until)


def held_evidence(*, appeal: Appeal) -> dict:
    """What a moderator weighs: how many, from which IP hashes and domains, and when (by hour),
    set beside how the appeal's other signatures came from the same sources."""
    held = held_matching(appeal=appeal)
    return {
        "count": held.count(),
        "ips": list(
            held.values("ip_digest")
            .annotate(count=Count("id"), first=Min("created_at"), last=Max("created_at"))
            .order_by("-count")[:EVIDENCE_ROWS]
        ),
        "domains": list(
            held.values("email_domain")
            .annotate(count=Count("id"))
            .order_by("-count")[:EVIDENCE_ROWS]
        ),
        "hours": list(
            held.annotate(hour=TruncHour("created_at"))
            .values("hour")
            .annotate(count=Count("id"))
            .order_by("-hour")[:48]
        ),
    }


@transaction.atomic
def signatures_release(*, appeal: Appeal, moderator, **criteria) -> int:
    """Let held signatures go: each becomes pending and its link is mailed, as if it had never
    been held. Audited with the criteria and the count. Returns the count."""
    if not rules.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can release held signatures."))
    matching = held_matching(appeal=appeal, **criteria)
    # A signature made with a verified identity has no address and no link: its signer confirmed
    # it by signing in, so released it is confirmed (and counted) at once (decision 0545).
    count = matching.update(
        status=Case(
            When(signing_rules.VERIFIED, then=Value(Signature.Status.CONFIRMED.value)),
            default=Value(Signature.Status.PENDING.value),
        ),
        confirmed_at=Case(
            When(signing_rules.VERIFIED, then=Value(clock.now())),
            default=F("confirmed_at"),
            output_field=DateTimeField(),
        ),
        sends=1,
        sent=0,
    )
    if not count:
        raise TransitionNotAllowed(_("No held signature matches this choice."))
    audit_record(
        subject=appeal,
        verb="signatures_released",
        actor=moderator,
        data={"count": count, **{key: str(value) for key, value in criteria.items() if value}},
    )
    jobs_nudge(links=True, counts=True)
    return count
