"""What may be attached, read from settings: the allowed types, the sizes and the counts."""

from dataclasses import dataclass

from django.conf import settings

from heard.attachments.models import Attachment


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    kind: str


# The only types heard keeps, each recognised by its content (sniffing.py), never by its name.
TYPES = [
    FileType("application/pdf", "pdf", Attachment.Kind.DOCUMENT),
    FileType("text/plain", "txt", Attachment.Kind.DOCUMENT),
    FileType("application/vnd.oasis.opendocument.text", "odt", Attachment.Kind.DOCUMENT),
    FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        Attachment.Kind.DOCUMENT,
    ),
    FileType("image/jpeg", "jpg", Attachment.Kind.IMAGE),
    FileType("image/png", "png", Attachment.Kind.IMAGE),
    FileType("image/webp", "webp", Attachment.Kind.IMAGE),
    FileType("video/mp4", "mp4", Attachment.Kind.VIDEO),
    FileType("video/webm", "webm", Attachment.Kind.VIDEO),
]
BY_MIME = {file_type.mime: file_type for file_type in TYPES}
# Names that say a type: a file named so must be of that type (a ".jpg" that is HTML is refused).
EXTENSIONS = {file_type.extension: file_type.mime for file_type in TYPES} | {
    "jpeg": "image/jpeg",
    "jpe": "image/jpeg",
    "text": "text/plain",
    "m4v": "video/mp4",
}


def max_bytes(kind: str) -> int:
    if kind == Attachment.Kind.VIDEO:
        return settings.HEARD_ATTACHMENT_VIDEO_MAX_BYTES
    return settings.HEARD_ATTACHMENT_MAX_BYTES


def max_count() -> int:
    """Attachments (video links included) one address or one appeal may have."""
    return settings.HEARD_ATTACHMENT_MAX_COUNT


def accepted_extensions() -> str:
    """For the file input's `accept`: a hint to the browser's picker, never trusted."""
    return ",".join(f".{extension}" for extension in sorted(EXTENSIONS))
