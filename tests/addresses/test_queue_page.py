"""The queue page as a responder reads it: the keys listed for everyone, the folded filters."""

import re

import pytest
from django.urls import reverse

from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


def test_a_text_search_leaves_the_other_filters_folded_and_a_channel_opens_them(client):
    address, responder = make.assigned_address(text="Where is unit 12345 now?")
    queue = reverse("addresses:queue", args=[address.addressee.slug])
    client.force_login(responder)

    searched = client.get(queue, {"q": "unit"}).content.decode()
    by_channel = client.get(queue, {"q": "unit", "channel": "web"}).content.decode()

    assert '<details class="more-filters">' in searched
    assert '<details class="more-filters" open>' in by_channel


def test_the_keyboard_shortcuts_are_written_on_the_page_and_the_script_is_our_own(client):
    address, responder = make.assigned_address()
    client.force_login(responder)

    page = client.get(reverse("addresses:queue", args=[address.addressee.slug]))

    body = page.content.decode()
    assert "Keyboard shortcuts" in body and "<kbd>j</kbd>" in body
    assert re.search(r'<script src="/static/heard/queue-keys[.\w]*\.js" defer></script>', body)
    assert "<script>" not in body  # no inline script: the policy allows our origin's files only
    assert "script-src 'self'" in page["Content-Security-Policy"]
