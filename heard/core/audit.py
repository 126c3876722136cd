"""Audit events: every service that changes state calls `audit_record` inside its transaction."""

from typing import Any

from django.db import models

from heard.core import clock
from heard.core.models import AuditEvent

AUDIT_BATCH = 2000


def _event(*, subject_type: str, subject_id: int, verb: str, actor, actor_role: str, data, public):
    staff = getattr(actor, "is_authenticated", False)
    return AuditEvent(
        created_at=clock.now(),
        actor=actor if staff else None,
        actor_role="staff" if staff else actor_role,
        verb=verb,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data or {},
        public=public,
    )


def audit_record(
    *,
    subject: models.Model,
    verb: str,
    actor=None,
    actor_role: str = "system",
    data: dict[str, Any] | None = None,
    public: bool = False,
) -> AuditEvent:
    event = _event(
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        verb=verb,
        actor=actor,
        actor_role=actor_role,
        data=data,
        public=public,
    )
    event.save(force_insert=True)
    return event


def audit_records(
    *,
    model: type[models.Model],
    subject_ids: list[int],
    verb: str,
    actor=None,
    actor_role: str = "system",
    data: dict[str, Any] | None = None,
    public: bool = False,
) -> None:
    """The same event for many subjects of one model (a merge of thousands of addresses), in
    batches so that memory stays bounded."""
    subject_type = model._meta.label_lower
    for start in range(0, len(subject_ids), AUDIT_BATCH):
        AuditEvent.objects.bulk_create(
            _event(
                subject_type=subject_type,
                subject_id=subject_id,
                verb=verb,
                actor=actor,
                actor_role=actor_role,
                data=data,
                public=public,
            )
            for subject_id in subject_ids[start : start + AUDIT_BATCH]
        )


def audit_events_for(*, subject: models.Model, public_only: bool = False):
    events = AuditEvent.objects.select_related("actor").filter(
        subject_type=subject._meta.label_lower, subject_id=subject.pk
    )
    return events.filter(public=True) if public_only else events
