"""Tasks over signatures. The counting job and the link outbox also run every couple of seconds
in `heard worker`'s scheduler (heard.core.periodic) without a task row each time."""

from django_tasks import task

from heard.signatures import counting, outbox


@task()
def signature_links_send() -> int:
    return outbox.signature_links_send()


@task()
def signatures_count() -> int:
    return counting.signatures_count()


@task()
def appeal_counts_refresh(*, appeal_id: int) -> dict | None:
    return counting.appeal_counts_refresh(appeal_id=appeal_id)


@task()
def appeals_counts_reconcile() -> dict:
    return {str(key): value for key, value in counting.appeals_counts_reconcile().items()}


@task()
def signatures_anonymise_expired() -> int:
    from heard.signatures.retention import signatures_anonymise_expired

    return signatures_anonymise_expired()


@task()
def trend_reports_make() -> int:
    from heard.signatures.reports import trend_reports_make

    return trend_reports_make()
