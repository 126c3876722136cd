"""Triage jobs: they take ids and are safe to run twice.

A full run is a singleton per campaign (the advisory lock on PostgreSQL, the run's status row
everywhere). Joining arrivals is a chunk per campaign per call; a full chunk enqueues the next.
"""

import logging

from django.conf import settings
from django_tasks import task

from heard.addresses.models import Address
from heard.core import clock
from heard.triage import services
from heard.triage.arrivals import JOIN_CHUNK
from heard.triage.locks import campaign_lock
from heard.triage.models import TriageRun

logger = logging.getLogger(__name__)


def encoder_setting() -> bool | None:
    """HEARD_TRIAGE_ENCODER: None lets the library decide by size; False keeps runs lean."""
    return getattr(settings, "HEARD_TRIAGE_ENCODER", None)


@task()
def triage_campaign_run(*, run_id: int) -> str:
    run = TriageRun.objects.filter(pk=run_id).values_list("campaign_id", "status").first()
    if run is None or run[1] != TriageRun.Status.QUEUED:
        return "not queued"
    campaign_id = run[0]
    # A join holds the lock for seconds; wait for it rather than leave the run queued.
    with campaign_lock(campaign_id, wait_seconds=120) as held:
        if not held:
            TriageRun.objects.filter(pk=run_id, status=TriageRun.Status.QUEUED).update(
                status=TriageRun.Status.FAILED,
                error="another triage job held the campaign",
                finished_at=clock.now(),
            )
            return "busy"
        done = services.triage_run_campaign(
            campaign_id=campaign_id, run_id=run_id, encoder=encoder_setting()
        )
    return "completed" if done else "not queued"


def _campaigns_with_arrivals() -> list[int]:
    completed = TriageRun.objects.filter(status=TriageRun.Status.COMPLETED).values("campaign_id")
    return list(
        Address.objects.filter(campaign_id__in=completed, triage__isnull=True)
        .order_by("campaign_id").values_list("campaign_id", flat=True).distinct()
    )


@task()
def triage_arrivals_join() -> int:
    """Periodic: each campaign with a completed run gets its untriaged addresses joined."""
    joined = 0
    more = False
    for campaign_id in _campaigns_with_arrivals():
        with campaign_lock(campaign_id) as held:
            if not held:  # a run or another join has it; the next minute will do
                continue
            count = services.arrivals_join(campaign_id=campaign_id, limit=JOIN_CHUNK)
        joined += count
        more = more or count == JOIN_CHUNK
    if more:
        triage_arrivals_join.enqueue()
    return joined


@task()
def triage_routers_retrain() -> int:
    """Periodic: retrain each addressee's router once enough staff decisions came in.

    Every accept or override assigned an address, so the routed history it learns from includes
    them. Safe to run twice: a retrained router's training time is after those decisions.
    """
    from heard.triage.router_store import router_train, routers_due

    retrained = 0
    for addressee_id in routers_due():
        router_train(addressee_id=addressee_id)
        retrained += 1
        logger.info("router of addressee %s retrained", addressee_id)
    return retrained
