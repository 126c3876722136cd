import io

import pytest
from PIL import Image

from heard.attachments.preparing import file_prepare
from heard.core.errors import DomainError
from tests.attachments import files


def _kept(prepared) -> Image.Image:
    prepared.file.seek(0)
    return Image.open(io.BytesIO(prepared.file.read()))


def test_a_jpeg_with_gps_exif_comes_out_with_no_metadata_at_all():
    sent = files.jpeg_with_gps()
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(files.GPS_IFD)  # the phone's position
    kept = _kept(file_prepare(files.upload("photo.jpg", sent)))
    assert kept.format == "JPEG"
    assert not kept.getexif()
    assert not kept.getexif().get_ifd(files.GPS_IFD)
    assert "exif" not in kept.info and "comment" not in kept.info and "xmp" not in kept.info
    prepared = file_prepare(files.upload("photo.jpg", sent))
    prepared.file.seek(0)
    raw = prepared.file.read()
    assert b"Exif" not in raw and b"Phone X" not in raw and b"taken at home" not in raw


def test_the_orientation_tag_is_applied_to_the_pixels():
    # Orientation 6: the camera was turned; a 40x20 sensor image is shown 20x40.
    kept = _kept(file_prepare(files.upload("turned.jpg", files.jpeg_with_gps(orientation=6))))
    assert kept.size == (20, 40)


def test_png_text_chunks_are_dropped_and_transparency_kept():
    out = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Olga Ivanova")
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    prepared = file_prepare(files.upload("a.png", out.getvalue()))
    kept = _kept(prepared)
    assert kept.mode == "RGBA"
    assert "Author" not in kept.info
    prepared.file.seek(0)
    assert b"Olga" not in prepared.file.read()


def test_webp_is_re_encoded_as_webp():
    out = io.BytesIO()
    Image.new("RGB", (12, 12), (1, 2, 3)).save(out, format="WEBP", exif=b"Exif\x00\x00junk")
    kept = _kept(file_prepare(files.upload("a.webp", out.getvalue())))
    assert kept.format == "WEBP"
    assert not kept.getexif()


def test_an_image_over_the_pixel_limit_is_refused_before_decoding(settings):
    settings.HEARD_ATTACHMENT_MAX_PIXELS = 100
    with pytest.raises(DomainError) as refused:
        file_prepare(files.upload("big.png", files.png(size=(20, 20))))
    assert refused.value.code == "image_too_large"


def test_a_truncated_image_is_refused_as_unreadable():
    with pytest.raises(DomainError) as refused:
        file_prepare(files.upload("cut.jpg", files.jpeg_with_gps()[:200]))
    assert refused.value.code == "image_unreadable"
