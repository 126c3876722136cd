"""An appeal made elsewhere shows where it came from in the API and the open-data appeals."""

from io import StringIO

import pytest
from django.core.management import call_command

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.opendata import rows
from tests import factories
from tests import telegram_export as tg

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tmp_path):
    factories.addressee(slug="president")
    path = tg.write(tg.channel_export(), tmp_path)
    call_command(
        "telegram_import",
        str(path),
        "--addressee",
        "president",
        "--post",
        "3",
        "--username",
        "put_domoy",
        stdout=StringIO(),
    )
    return services.appeal_publish(appeal=Appeal.objects.get(), moderator=factories.moderator())


def test_the_api_gives_the_provenance_and_the_media_references(client, published):
    body = client.get(f"/api/v1/appeals/{published.pk}").json()

    provenance = body["provenance"]
    assert provenance["platform"] == "telegram" and provenance["channel"] == "Put Domoy"
    assert provenance["post_ids"] == [3, 4]
    assert provenance["published_at"].startswith("2023-12-07T11:00:00")
    assert provenance["link"] == "https://t.me/put_domoy/3"
    assert [m["file_name"] for m in provenance["media"]] == [
        "address.mp4",
        "photo_1@07-12-2023_11-00-00.jpg",
    ]


def test_an_appeal_made_on_heard_has_no_provenance(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    assert client.get(f"/api/v1/appeals/{appeal.pk}").json()["provenance"] is None


def test_the_open_data_appeals_say_where_it_was_published_first(published):
    [row] = [row for row in rows.appeals() if row["id"] == published.pk]

    assert row["made_elsewhere"] == "telegram"
    assert row["published_elsewhere_at"].isoformat() == "2023-12-07T11:00:00+00:00"
    assert row["elsewhere_link"] == "https://t.me/put_domoy/3"
    assert row["registered_at"] == published.provenance.registered_at
