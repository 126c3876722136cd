"""Audit events: every service that changes state calls `audit_record` inside its transaction."""

from typing import Any

from django.db import models

from heard.core import clock
from heard.core.models import AuditEvent


def audit_record(
    *,
    subject: models.Model,
    verb: str,
    actor=None,
    actor_role: str = "system",
    data: dict[str, Any] | None = None,
    public: bool = False,
) -> AuditEvent:
    return AuditEvent.objects.create(
        created_at=clock.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role="staff" if getattr(actor, "is_authenticated", False) else actor_role,
        verb=verb,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        data=data or {},
        public=public,
    )


def audit_events_for(*, subject: models.Model, public_only: bool = False):
    events = AuditEvent.objects.select_related("actor").filter(
        subject_type=subject._meta.label_lower, subject_id=subject.pk
    )
    return events.filter(public=True) if public_only else events
