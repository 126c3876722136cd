"""Which of the allowed types a file is, from its bytes (decision 0549). `filetype` reads the
magic numbers of PDF, ODT, DOCX, JPEG, PNG, WebP, MP4 and WebM; plain text is what decodes as
UTF-8 with no control characters and does not open like markup a browser would run."""

import re

import filetype
from django.utils.translation import gettext as _

from heard.attachments.policy import BY_MIME, EXTENSIONS, FileType
from heard.core.errors import DomainError

HEAD_BYTES = 8192
# What a browser sniffing a "text" file might take for a page or an image it runs.
MARKUP = re.compile(
    rb"^\s*(<\?xml|<!doctype|<html|<head|<body|<script|<svg|<iframe|<object|<embed|<a\s|<img|<div"
    rb"|<meta|<style|<title|<table|<p>|<br)",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not CONTROL.search(text) and not MARKUP.match(content.lstrip(b"\xef\xbb\xbf"))


def file_type_detect(*, head: bytes, read_all) -> FileType:
    """The allowed type of a file whose first bytes are `head`; `read_all()` gives the whole file
    for the text check (only files that are no known binary type get that far)."""
    guess = filetype.guess(head)
    if guess is not None and guess.mime in BY_MIME:
        return BY_MIME[guess.mime]
    if guess is None and _is_text(read_all()):
        return BY_MIME["text/plain"]
    raise DomainError(
        _(
            "This kind of file cannot be attached. Attach PDF, plain text, ODT or DOCX "
            "documents, JPEG, PNG or WebP images, or MP4 or WebM videos."
        ),
        code="type_not_allowed",
    )


def name_agrees(name: str, file_type: FileType) -> None:
    """A name that promises a type must get that type: a ".jpg" that is really HTML or a PDF
    is refused rather than renamed, as its sender may be misled, or misleading."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    promised = EXTENSIONS.get(extension)
    if promised and promised != file_type.mime:
        raise DomainError(
            _("The file {name} is named as one kind of file but its content is another.").format(
                name=name
            ),
            code="type_mismatch",
        )
