"""Sending an address with files through the real form, and who may open them afterwards."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from heard.addresses.models import Address
from heard.attachments.models import Attachment
from heard.core.models import AuditEvent
from tests import factories
from tests.attachments import files

pytestmark = pytest.mark.django_db


def send(client, addressee, *uploads, **extra):
    data = {
        "addressee": addressee.pk,
        "kind": "question",
        "text": "The photographs of the barracks are attached.",
        "consent_processing": "on",
        "files": list(uploads),
    } | extra
    return client.post(reverse("addresses:create"), data)


def test_an_address_is_sent_with_a_document_and_a_photo(client):
    addressee = factories.addressee()
    response = send(
        client,
        addressee,
        files.upload("letter.pdf", files.pdf(), "application/pdf"),
        files.upload("barracks.jpg", files.jpeg_with_gps()),
        video_link="https://youtu.be/dQw4w9WgXcQ",
    )
    assert response.status_code == 302
    address = Address.objects.get()
    kept = {a.kind: a for a in address.attachments.all()}
    assert set(kept) == {"document", "image", "video_link"}
    assert kept["document"].name == "letter.pdf" and kept["document"].size == len(files.pdf())
    assert not any(a.public for a in kept.values())  # private unless the sender says otherwise
    assert kept["image"].scan == Attachment.Scan.NOT_SCANNED
    assert AuditEvent.objects.filter(subject_id=address.pk, verb="attachment_added").count() == 3
    with kept["image"].file.open("rb") as stored:
        assert b"Exif" not in stored.read()


def test_the_form_is_multipart_and_names_the_limits(client):
    page = client.get(reverse("addresses:create")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="files"' in page and "multiple" in page
    assert "Link to a video" in page and "10.0" in page  # 10 MB per file


def test_a_disguised_page_refuses_the_whole_address_and_keeps_nothing(client, settings):
    addressee = factories.addressee()
    response = send(
        client,
        addressee,
        files.upload("letter.pdf", files.pdf()),
        files.upload("cat.jpg", files.HTML),
    )
    assert response.status_code == 400
    assert "This kind of file cannot be attached" in response.content.decode()
    assert not Address.objects.exists() and not Attachment.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.*")) if settings.MEDIA_ROOT.exists() else True


def test_too_many_files_are_refused_with_the_count(client, settings):
    settings.HEARD_ATTACHMENT_MAX_COUNT = 2
    uploads = [files.upload(f"p{n}.pdf", files.pdf()) for n in range(2)]
    response = send(
        client, factories.addressee(), *uploads, video_link="https://youtu.be/dQw4w9WgXcQ"
    )
    assert response.status_code == 400
    assert "At most 2 attachments" in response.content.decode()
    assert not Address.objects.exists()


def test_a_file_too_large_is_refused_naming_the_limit(client, settings):
    settings.HEARD_ATTACHMENT_MAX_BYTES = 1024
    response = send(
        client, factories.addressee(), files.upload("big.pdf", files.pdf() + b"0" * 2000)
    )
    assert response.status_code == 400
    assert "big.pdf is too large: at most 1.0" in response.content.decode()


def test_uploads_over_the_limit_are_refused_with_429_and_the_text_kept(client, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"attachment": {"ip": [(1, 600)]}}
    addressee = factories.addressee()
    assert send(client, addressee, files.upload("a.pdf", files.pdf())).status_code == 302
    response = send(client, addressee, files.upload("b.pdf", files.pdf()))
    assert response.status_code == 429
    assert "The photographs of the barracks" in response.content.decode()
    assert Address.objects.count() == 1
    # Without files the same sender is not held back by the upload limit.
    assert send(client, addressee).status_code == 302


def test_control_characters_and_directories_never_reach_the_kept_name(client):
    upload = files.upload("ab.pdf", files.pdf())
    upload.name = "..\\..\\a\x00\u202eb.pdf"  # as a hostile client could send it
    response = send(client, factories.addressee(), upload)
    assert response.status_code == 302
    assert Attachment.objects.get().name == "ab.pdf"


def _sent_with_photo(client, *, public: bool):
    addressee = factories.addressee()
    extra = {"images_public": "on"} if public else {}
    send(
        client,
        addressee,
        files.upload("barracks.jpg", files.jpeg_with_gps()),
        files.upload("letter.pdf", files.pdf()),
        **extra,
    )
    address = Address.objects.get()
    return address, address.attachments.get(kind="image"), address.attachments.get(kind="document")


def test_private_attachments_open_only_for_the_addressees_office(client):
    address, image, document = _sent_with_photo(client, public=False)
    staff_url = reverse("attachments:staff", args=[document.pk])
    public_url = reverse("attachments:download", args=[document.pk, document.name])
    assert client.get(public_url).status_code == 404
    assert client.get(reverse("attachments:image", args=[image.pk])).status_code == 404
    assert client.get(staff_url).status_code == 302  # to log in
    client.force_login(factories.moderator())
    assert client.get(staff_url).status_code == 403
    client.force_login(factories.responder(factories.addressee()))
    assert client.get(staff_url).status_code == 404  # another office's: as if not there
    client.force_login(factories.responder(address.addressee))
    response = client.get(staff_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == files.pdf()
    page = client.get(reverse("addresses:staff_detail", args=[address.pk])).content.decode()
    assert staff_url in page and "barracks.jpg" in page


def test_a_document_asked_for_inline_still_downloads(client):
    address, _image, document = _sent_with_photo(client, public=False)
    client.force_login(factories.responder(address.addressee))
    response = client.get(reverse("attachments:staff", args=[document.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_image_its_sender_made_public_is_shown_inline_sandboxed(client):
    _address, image, document = _sent_with_photo(client, public=True)
    response = client.get(reverse("attachments:image", args=[image.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert not served.getexif()
    # Only images become public: the document stays the office's.
    assert not document.public
    public_url = reverse("attachments:download", args=[document.pk, document.name])
    assert client.get(public_url).status_code == 404


def test_an_unconfirmed_or_held_address_shows_no_public_image(client):
    _address, image, _document = _sent_with_photo(client, public=True)
    Address.objects.update(status=Address.Status.HELD)
    assert client.get(reverse("attachments:image", args=[image.pk])).status_code == 404
