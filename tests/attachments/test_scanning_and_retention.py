from datetime import timedelta

import pytest
from django.urls import reverse

from heard.addresses.models import Address
from heard.attachments import retention
from heard.attachments.models import Attachment
from heard.attachments.preparing import file_prepare
from heard.attachments.services import attachments_add
from heard.core import clock
from heard.core.models import AuditEvent
from tests import factories
from tests.addresses import factories as make
from tests.attachments import files

pytestmark = pytest.mark.django_db

EICAR_MARK = b"EICAR"


class MarkScanner:
    """A scanner that finds the EICAR mark: what a configured scanner looks like to heard."""

    configured = True

    def scan(self, content: bytes) -> str:
        return "infected" if EICAR_MARK in content else "clean"


class BrokenScanner:
    configured = True

    def scan(self, content: bytes) -> str:
        raise OSError("clamd is down")


def _attached(upload, **kwargs):
    address, _code = make.address()
    attachments_add(address=address, items=[file_prepare(upload)], **kwargs)
    return Attachment.objects.get(address=address)


def test_without_a_scanner_files_are_served_and_recorded_as_not_scanned():
    attachment = _attached(files.upload("a.pdf", files.pdf()))
    assert attachment.scan == Attachment.Scan.NOT_SCANNED and attachment.servable


def test_with_a_scanner_a_clean_file_is_released_after_its_scan(settings):
    settings.HEARD_ATTACHMENT_SCANNER = f"{__name__}.MarkScanner"
    attachment = _attached(files.upload("a.pdf", files.pdf()))
    assert attachment.scan == Attachment.Scan.CLEAN and attachment.scanned_at
    assert AuditEvent.objects.filter(verb="attachment_scanned", data__scan="clean").exists()


def test_an_infected_file_is_withheld_and_its_content_deleted(client, settings):
    settings.HEARD_ATTACHMENT_SCANNER = f"{__name__}.MarkScanner"
    attachment = _attached(files.upload("a.txt", b"hello " + EICAR_MARK))
    assert attachment.scan == Attachment.Scan.INFECTED and not attachment.servable
    assert not attachment.file.storage.exists(attachment.file.name)
    client.force_login(factories.responder(attachment.address.addressee))
    assert client.get(reverse("attachments:staff", args=[attachment.pk])).status_code == 404


def test_a_failing_scanner_keeps_the_file_withheld(settings):
    settings.HEARD_ATTACHMENT_SCANNER = f"{__name__}.BrokenScanner"
    attachment = _attached(files.upload("a.pdf", files.pdf()))
    assert attachment.scan == Attachment.Scan.FAILED and not attachment.servable


def test_retention_erases_the_attachments_of_long_closed_addresses_only(settings):
    settings.HEARD_ADDRESS_ATTACHMENT_RETENTION_DAYS = 30
    old = _attached(files.upload("old.pdf", files.pdf()))
    recent = _attached(files.upload("recent.pdf", files.pdf()))
    still_open = _attached(files.upload("open.pdf", files.pdf()))
    long_ago = clock.now() - timedelta(days=31)
    Address.objects.filter(pk=old.address_id).update(
        status=Address.Status.ANSWERED, closed_at=long_ago
    )
    Address.objects.filter(pk=recent.address_id).update(
        status=Address.Status.ANSWERED, closed_at=clock.now() - timedelta(days=29)
    )
    Address.objects.filter(pk=still_open.address_id).update(received_at=long_ago)
    stored = old.file.name
    assert old.file.storage.exists(stored)
    assert retention.address_attachments_expire() == 1
    assert set(Attachment.objects.values_list("name", flat=True)) == {"recent.pdf", "open.pdf"}
    assert not old.file.storage.exists(stored)
    assert AuditEvent.objects.filter(
        subject_id=old.address_id, verb="attachments_erased", data__count=1
    ).exists()
    assert retention.address_attachments_expire() == 0  # safe to run again


def test_the_worker_runs_the_retention_job():
    from heard.core.periodic import periodic_tasks

    names = {job.name for job, _interval in periodic_tasks()}
    assert "address_attachments_expire" in names


def test_an_appeal_or_address_at_a_time_and_never_both():
    address, _code = make.address()
    appeal = factories.appeal_in("draft")
    with pytest.raises(ValueError):
        attachments_add(address=address, appeal=appeal, items=[])
