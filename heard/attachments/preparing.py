"""From an uploaded file or a link to what will be kept: checked by content, sized by policy,
images re-encoded. Nothing here touches the database or the storage, so a form can prepare every
file before anything is stored and refuse them all with one clear message."""

from dataclasses import dataclass

from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from heard.attachments import images, names, policy, sniffing, video_links
from heard.attachments.models import Attachment
from heard.core.errors import DomainError


@dataclass
class Prepared:
    kind: str
    name: str
    content_type: str = ""
    file: File | None = None
    size: int = 0
    link: str = ""
    embed_url: str = ""


def _too_large(name: str, kind: str) -> DomainError:
    return DomainError(
        _("The file {name} is too large: at most {size}.").format(
            name=name, size=filesizeformat(policy.max_bytes(kind))
        ),
        code="too_large",
    )


def file_prepare(upload) -> Prepared:
    """An uploaded file (Django's UploadedFile) as it will be kept, or a DomainError saying why
    it cannot be."""
    raw_name = upload.name or ""
    if upload.size == 0:
        raise DomainError(_("The file {name} is empty.").format(name=raw_name), code="empty")
    if upload.size > policy.max_bytes(Attachment.Kind.VIDEO):
        raise _too_large(raw_name, Attachment.Kind.VIDEO)
    upload.seek(0)
    head = upload.read(sniffing.HEAD_BYTES)

    def read_all() -> bytes:
        upload.seek(0)
        return upload.read()

    file_type = sniffing.file_type_detect(head=head, read_all=read_all)
    sniffing.name_agrees(raw_name, file_type)
    if upload.size > policy.max_bytes(file_type.kind):
        raise _too_large(raw_name, file_type.kind)
    name = names.name_clean(raw_name, extension=file_type.extension)
    if file_type.kind == Attachment.Kind.IMAGE:
        content = images.image_reencode(read_all(), mime=file_type.mime)
        stored: File = ContentFile(content, name=name)
        size = len(content)
    else:
        upload.seek(0)
        stored, size = File(upload, name=name), upload.size
    return Prepared(file_type.kind, name, file_type.mime, stored, size)


def link_prepare(link: str) -> Prepared:
    embed = video_links.embed_url_for(link)
    origin = video_links.player_origin(embed)
    label = next(
        (p.label for p in video_links.providers_allowed() if p.player_origin == origin), origin
    )
    return Prepared(
        Attachment.Kind.VIDEO_LINK,
        _("Video on {provider}").format(provider=label),
        link=link.strip(),
        embed_url=embed,
    )
