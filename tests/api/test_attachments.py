"""Attachments in the JSON API and Open311's media_url: public ones only."""

import pytest

from heard.appeals import services as appeal_services
from heard.appeals.models import Appeal
from heard.attachments.preparing import file_prepare, link_prepare
from heard.attachments.services import attachments_add
from tests import factories
from tests.addresses import factories as make
from tests.attachments import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _address_with(*, public_images: bool):
    address, code = make.address(email="")
    attachments_add(
        address=address,
        items=[
            file_prepare(files.upload("letter.pdf", files.pdf())),
            file_prepare(files.upload("street.jpg", files.jpeg_with_gps())),
        ],
        public_images=public_images,
    )
    return address, code


def test_open311_gives_the_media_url_of_a_public_image_and_none_otherwise(client):
    shown, _code = _address_with(public_images=True)
    hidden, _code = _address_with(public_images=False)
    rows = {
        row["service_request_id"]: row for row in client.get("/open311/v2/requests.json").json()
    }
    image = shown.attachments.get(kind="image")
    assert rows[shown.number]["media_url"] == f"http://127.0.0.1:8000/attachments/{image.pk}/image/"
    assert rows[hidden.number]["media_url"] is None
    assert (
        client.get(
            rows[shown.number]["media_url"].removeprefix("http://127.0.0.1:8000")
        ).status_code
        == 200
    )
    one = client.get(f"/open311/v2/requests/{shown.number}.json").json()
    assert one[0]["media_url"] == rows[shown.number]["media_url"]
    xml = client.get(f"/open311/v2/requests/{shown.number}.xml").content.decode()
    assert f"<media_url>http://127.0.0.1:8000/attachments/{image.pk}/image/</media_url>" in xml


def test_the_address_status_lists_only_its_public_attachments(client):
    address, code = _address_with(public_images=True)
    body = client.get(f"/api/v1/addresses/{address.number}", HTTP_X_TRACKING_CODE=code).json()
    image = address.attachments.get(kind="image")
    assert body["attachments"] == [
        {
            "id": image.pk,
            "name": "street.jpg",
            "kind": "image",
            "type": "image/jpeg",
            "size": image.size,
            "url": f"http://127.0.0.1:8000/attachments/{image.pk}/image/",
        }
    ]


def test_an_appeal_lists_its_attachments_once_published(client):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    attachments_add(
        appeal=appeal,
        items=[
            file_prepare(files.upload("manifesto.pdf", files.pdf())),
            link_prepare("https://youtu.be/dQw4w9WgXcQ"),
        ],
    )
    assert client.get(f"/api/v1/appeals/{appeal.pk}").status_code == 404
    appeal_services.appeal_publish(appeal=appeal, moderator=factories.moderator())
    listed = client.get(f"/api/v1/appeals/{appeal.pk}").json()["attachments"]
    document, video = appeal.attachments.order_by("pk")
    assert [row["name"] for row in listed] == ["manifesto.pdf", "Video on YouTube"]
    assert listed[0]["url"].endswith(f"/attachments/{document.pk}/manifesto.pdf")
    assert listed[0]["type"] == "application/pdf" and listed[0]["size"] == len(files.pdf())
    assert listed[1]["url"].endswith(f"/attachments/{video.pk}/video/")
    assert listed[1]["kind"] == "video_link" and listed[1]["size"] is None
