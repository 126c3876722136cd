"""Numbers are written as the language writes them (14 266, 14,266), and never so where they go
into a URL, an id or a form value (decision 0543)."""

import re

import pytest
from django.db import connection
from django.urls import resolve, reverse
from django.utils import translation

from heard.addresses.models import Address
from heard.appeals.models import Appeal
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
# A digit, a group separator (a comma, a space or a no-break space), three digits.
GROUPED = re.compile(r"\d[,\s\xa0]\d{3}")
ATTRIBUTES = re.compile(r'\b(href|action|value|id|for|name|max|min|data-[a-z-]+)="([^"]*)"')


def ids_from(model, first: int) -> None:
    """Makes the next rows of `model` get ids from `first` on, as on a site that has run a while."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first])
        else:
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first]
            )


def page_in(client, language: str, name: str, *args, **query) -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def grouped_attributes(html: str) -> list[str]:
    return [
        f"{name}={value}" for name, value in ATTRIBUTES.findall(html) if GROUPED.search(value)
    ]


@pytest.fixture
def big_appeal():
    ids_from(Appeal, 12344)
    appeal = factories.appeal_in(Appeal.Status.OPEN, title="Bring them home")
    Appeal.objects.filter(pk=appeal.pk).update(signature_count=14266)
    return Appeal.objects.get(pk=appeal.pk)


@pytest.mark.parametrize(("language", "written"), [("ru", f"14{NBSP}266"), ("en", "14,266")])
def test_a_staff_page_writes_a_five_digit_count_as_the_language_does(
    client, big_appeal, language, written
):
    client.force_login(factories.moderator())

    html = page_in(client, language, "offices:dashboard")

    assert f"({written})" in html
    assert "14266" not in html


@pytest.mark.parametrize("language", ["ru", "en"])
def test_public_pages_group_the_count_but_not_the_ids(client, big_appeal, language):
    assert big_appeal.pk >= 12345
    with translation.override(language):
        url = big_appeal.get_absolute_url()
    for html in (
        page_in(client, language, "appeals:home"),
        page_in(client, language, "appeals:list"),
        page_in(client, language, "appeals:detail", big_appeal.pk),
    ):
        assert grouped_attributes(html) == []
        assert f'href="{url}"' in html
    assert resolve(url).kwargs["pk"] == big_appeal.pk
    assert 'data-count="14266"' in page_in(client, language, "appeals:detail", big_appeal.pk)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_staff_forms_send_ids_without_separators(client, language):
    ids_from(Appeal, 12344)
    ids_from(Address, 23455)
    waiting = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    address, responder = make.assigned_address()
    assert waiting.pk >= 12345 and address.pk >= 23456

    client.force_login(factories.moderator())
    moderation = page_in(client, language, "offices:moderation")
    client.force_login(responder)
    queue = page_in(client, language, "addresses:queue", address.addressee.slug)

    assert grouped_attributes(moderation) == []
    assert grouped_attributes(queue) == []
    assert f'value="{address.pk}"' in queue
