"""Writes of attachments: add (files and video links), scan, erase. Every change is audited on
the address or appeal it belongs to, in the same transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from heard.attachments import policy, scanning
from heard.attachments.models import Attachment
from heard.attachments.preparing import Prepared
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError


def _subject(address, appeal):
    if (address is None) == (appeal is None):
        raise ValueError("An attachment belongs to exactly one address or appeal.")
    return address if address is not None else appeal


@transaction.atomic
def attachments_add(
    *,
    items: list[Prepared],
    address=None,
    appeal=None,
    public_images: bool = False,
    actor=None,
    actor_role: str = "applicant",
) -> list[Attachment]:
    """Keep prepared files and links for an address or an appeal. An appeal's attachments are
    public; an address's are private, except images its sender chose to show (`public_images`).
    With a scanner configured the files wait, unservable, for the scan after commit."""
    subject = _subject(address, appeal)
    if not items:
        return []
    already = Attachment.objects.filter(address=address, appeal=appeal).count()
    if already + len(items) > policy.max_count():
        raise DomainError(
            _("At most {count} attachments.").format(count=policy.max_count()),
            code="too_many_attachments",
        )
    held = scanning.scanner().configured
    now, saved, made = clock.now(), [], []
    try:
        for item in items:
            attachment = Attachment(
                address=address,
                appeal=appeal,
                kind=item.kind,
                name=item.name,
                content_type=item.content_type,
                size=item.size,
                link=item.link,
                embed_url=item.embed_url,
                public=appeal is not None or (public_images and item.kind == Attachment.Kind.IMAGE),
                scan=(
                    Attachment.Scan.PENDING
                    if held and item.file is not None
                    else Attachment.Scan.NOT_SCANNED
                ),
                uploaded_at=now,
            )
            if item.file is not None:
                attachment.file.save(item.name, item.file, save=False)
                saved.append(attachment.file.name)
            attachment.save(force_insert=True)
            made.append(attachment)
            audit_record(
                subject=subject,
                verb="attachment_added",
                actor=actor,
                actor_role=actor_role,
                data={
                    "attachment": attachment.pk,
                    "kind": attachment.kind,
                    "type": attachment.content_type,
                    "size": attachment.size,
                    "public": attachment.public,
                },
            )
    except BaseException:
        _files_delete(saved)
        raise
    pending = [a.pk for a in made if a.scan == Attachment.Scan.PENDING]
    if pending:
        from heard.attachments.tasks import attachment_scan_run

        for pk in pending:
            transaction.on_commit(lambda pk=pk: attachment_scan_run.enqueue(pk))
    return made


def _files_delete(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


@transaction.atomic
def attachment_scan(*, attachment_id: int) -> str:
    """Scan one held file; safe to run twice (a decided file is left as it is)."""
    attachment = Attachment.objects.select_for_update().filter(pk=attachment_id).first()
    if attachment is None or attachment.scan != Attachment.Scan.PENDING:
        return attachment.scan if attachment else ""
    try:
        with attachment.file.open("rb") as handle:
            verdict = scanning.scanner().scan(handle.read())
    except OSError:
        verdict = Attachment.Scan.FAILED
    attachment.scan = (
        Attachment.Scan.CLEAN
        if verdict == scanning.CLEAN
        else Attachment.Scan.INFECTED
        if verdict == scanning.INFECTED
        else Attachment.Scan.FAILED
    )
    attachment.scanned_at = clock.now()
    attachment.save(update_fields=["scan", "scanned_at"])
    audit_record(
        subject=attachment.address or attachment.appeal,
        verb="attachment_scanned",
        data={"attachment": attachment.pk, "scan": attachment.scan},
    )
    if attachment.scan == Attachment.Scan.INFECTED:
        transaction.on_commit(lambda: _files_delete([attachment.file.name]))
    return attachment.scan


@transaction.atomic
def attachments_erase(*, address, reason: str = "retention") -> int:
    """Erase an address's attachments, files and rows, with its personal data; the files go
    once the transaction has committed."""
    attachments = list(Attachment.objects.filter(address=address))
    if not attachments:
        return 0
    names = [a.file.name for a in attachments if a.file]
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    audit_record(
        subject=address,
        verb="attachments_erased",
        data={"count": len(attachments), "reason": reason},
    )
    transaction.on_commit(lambda: _files_delete(names))
    return len(attachments)
