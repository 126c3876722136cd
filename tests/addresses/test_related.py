"""The item page's related addresses: those with similar text, beside the same applicant's."""

import pytest
from django.urls import reverse

from heard.addresses.related import addresses_similar
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


def test_addresses_sharing_the_distinctive_words_are_listed_as_similar(client):
    address, responder = make.assigned_address(
        text="The bridge near Kuznetsovo collapsed after the flooding in spring."
    )
    here = address.addressee
    alike, _code = make.address(
        to=here, text="Kuznetsovo residents report the bridge collapsed; flooding is to blame."
    )
    other, _code = make.address(to=here, text="Pensions are paid late in our district.")
    elsewhere, _code = make.address(
        text="The bridge near Kuznetsovo collapsed after the flooding in spring."
    )
    client.force_login(responder)

    page = client.get(reverse("addresses:staff_detail", args=[address.pk])).content.decode()

    assert [item.pk for item in addresses_similar(address)] == [alike.pk]
    assert "Addresses with similar text" in page and alike.number in page
    assert other.number not in page and elsewhere.number not in page


def test_the_item_page_shows_the_text_before_the_actions(client):
    address, responder = make.assigned_address(text="Where is unit 12345 now?")
    client.force_login(responder)

    page = client.get(reverse("addresses:staff_detail", args=[address.pk])).content.decode()

    assert page.index("Where is unit 12345 now?") < page.index('id="actions-heading"')
