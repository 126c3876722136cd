"""The sender's file name, cleaned to a label: no directories, no control or direction
characters, no dots in front, a bounded length, and the extension of the type the content
really is."""

import re
import unicodedata

from django.utils.translation import gettext as _

from heard.core.errors import DomainError

UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*;]")
MAX_LENGTH = 120


def name_clean(raw: str, *, extension: str) -> str:
    if "\x00" in (raw or ""):
        raise DomainError(_("The file name contains a null character."), code="unstorable_name")
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]  # a path sent as the name: only its last part
    # Control and format characters (a right-to-left override makes "gpj.exe" read "exe.jpg").
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = UNSAFE.sub("", name).strip().lstrip(".").strip()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[: MAX_LENGTH - len(extension) - 1].strip() or _("attachment")
    return f"{stem}.{extension}"
