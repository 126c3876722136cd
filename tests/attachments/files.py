"""Files the tests make: images with the metadata a phone writes, documents, disguised pages."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(*, size=(40, 20), orientation: int = 1) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera model and an orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # camera model
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


def png(size=(10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 0, 255, 128)).save(out, format="PNG")
    return out.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    """The browser's Content-Type is whatever the sender says: heard never reads it."""
    return SimpleUploadedFile(name, content, content_type=content_type)
