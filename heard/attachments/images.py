"""Images are decoded and drawn again by Pillow before they are kept (decision 0549): what is
stored is pixels only, turned the way the camera's orientation tag said, in the format it came
in, with no EXIF (GPS, camera, time), XMP, IPTC, comments or colour profiles of the sender's."""

import contextlib
import io
import warnings

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from heard.core.errors import DomainError

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
# The modes each format is written in; anything else is converted first.
MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGB", "RGBA", "L", "LA"), "WEBP": ("RGB", "RGBA")}


def _unreadable() -> DomainError:
    return DomainError(_("The image cannot be read."), code="image_unreadable")


def _opened(content: bytes, image_format: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[image_format])
            width, height = image.size
            if width * height > settings.HEARD_ATTACHMENT_MAX_PIXELS:
                raise DomainError(
                    _("The image is too large: at most {pixels} million pixels.").format(
                        pixels=settings.HEARD_ATTACHMENT_MAX_PIXELS // 1_000_000
                    ),
                    code="image_too_large",
                )
            image.load()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning) as error:
        raise _unreadable() from error
    except Image.DecompressionBombError as error:
        raise _unreadable() from error
    return image


def image_reencode(content: bytes, *, mime: str) -> bytes:
    """The image's pixels, upright, written anew without any of the sender's metadata."""
    image_format = FORMATS[mime]
    image = _opened(content, image_format)
    # Broken EXIF: the pixels as stored (the EXIF goes anyway).
    with contextlib.suppress(SyntaxError, ValueError, OSError, KeyError, TypeError):
        image = ImageOps.exif_transpose(image)  # applies the orientation tag
    wanted = MODES[image_format]
    if image.mode not in wanted:
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        mode = "RGBA" if has_alpha and "RGBA" in wanted else wanted[0]
        image = image.convert(mode)
    # A fresh image holds the pixels and nothing else: no info, no EXIF, no profile.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    clean.save(out, format=image_format, **options)
    return out.getvalue()
