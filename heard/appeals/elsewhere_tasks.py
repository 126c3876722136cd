"""The periodic job of appeals made elsewhere, enqueued by `heard worker` (heard.core.periodic)."""

from django_tasks import task


@task()
def elsewhere_imports_purge() -> int:
    """Delete uploaded exports nobody registered within a day: they may hold a chat's text."""
    from heard.appeals.elsewhere import elsewhere_imports_purge as purge

    return purge()
