"""PostgreSQL's stored search vector follows the text, and only the text (decision 0552)."""

import pytest
from django.db import connection

from heard.addresses.models import Address
from tests import factories
from tests.addresses import factories as make

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's text search"),
]


def _vector(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM addresses_address WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _mark(pk: int) -> None:
    """Put a vector in place that no text would give, to see whether an UPDATE replaces it."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE addresses_address SET search_vector = 'sentinel'::tsvector"
                       " WHERE id = %s", [pk])


def test_a_received_address_is_found_by_its_stemmed_words():
    item, _ = make.address(text="Мой муж мобилизован, когда он вернется домой?")
    assert "мобилизова" in _vector(item.pk)
    assert Address.objects.extra(
        where=["search_vector @@ plainto_tsquery('russian', %s)"], params=["мобилизованных"]
    ).filter(pk=item.pk).exists()


def test_a_status_change_leaves_the_vector_alone():
    item, responder = make.assigned_address(text="When will my husband come home?")
    _mark(item.pk)
    make.services.address_extend(address=item, actor=responder, days=10, reason="More checks")
    Address.objects.filter(pk=item.pk).update(status=Address.Status.ASSIGNED)
    item.refresh_from_db()
    item.save()  # a full save writes the unchanged text back
    assert _vector(item.pk) == "'sentinel'"


def test_a_changed_text_gets_its_vector_again():
    item, _ = make.address(to=factories.addressee(), text="When will my husband come home?")
    _mark(item.pk)
    Address.objects.filter(pk=item.pk).update(text="The road to the school is broken")
    vector = _vector(item.pk)
    assert "sentinel" not in vector
    assert "road" in vector and "husband" not in vector
