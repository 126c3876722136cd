"""Attaching a photo on the address form in Debian's chromium: a plain multipart form, no
script. Skips where chromium is not installed (`apt-get install chromium`)."""

import io

import pytest
from PIL import Image

from heard.addresses.models import Address
from tests import factories
from tests.attachments import files


@pytest.mark.django_db(transaction=True)
def test_attach_a_photo_on_the_address_form(live_server, regions, browser_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    addressee = factories.addressee(name="Governor of the region", slug="governor")
    photo = tmp_path / "yard.jpg"
    photo.write_bytes(files.jpeg_with_gps())

    page.goto(f"{live_server.url}/addresses/new/")
    page.get_by_label("Addressee").select_option(label=addressee.name)
    page.get_by_label("Text").fill("The yard has flooded again; the photo is attached.")
    page.get_by_label("Attach files").set_input_files(str(photo))
    page.get_by_label("My images may be shown publicly").check()
    page.get_by_label("I agree to the processing").check()
    page.get_by_role("button", name="Send the address").click()
    number = page.locator("#address-number").inner_text()

    address = Address.objects.get(number=number)
    image = address.attachments.get()
    assert (image.name, image.kind, image.public) == ("yard.jpg", "image", True)
    with image.file.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()  # no GPS left
    # The public image opens in the browser, as an image of its own.
    response = page.goto(f"{live_server.url}/attachments/{image.pk}/image/")
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
