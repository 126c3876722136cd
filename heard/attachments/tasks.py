from django_tasks import task


@task()
def attachment_scan_run(attachment_id: int) -> str:
    """Scan one held file with HEARD_ATTACHMENT_SCANNER (enqueued after its upload commits)."""
    from heard.attachments.services import attachment_scan

    return attachment_scan(attachment_id=attachment_id)


@task()
def address_attachments_expire() -> int:
    """Periodic: erase the attachments of addresses past their retention."""
    from heard.attachments.retention import address_attachments_expire as expire

    return expire()
