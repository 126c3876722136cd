import pytest

from heard.addresses.models import Campaign
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_administrator_opens_a_campaign_in_the_admin(client):
    from django.contrib.auth import get_user_model

    addressee = factories.addressee()
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw-for-tests")
    client.force_login(admin)
    response = client.post(
        "/admin/addresses/campaign/add/",
        {
            "addressee": addressee.pk,
            "slug": "direct-line",
            "title": "Direct Line",
            "description": "",
            "starts_at_0": "2026-12-01",
            "starts_at_1": "10:00",
            "ends_at_0": "2026-12-19",
            "ends_at_1": "10:00",
            "channels": ["web", "sms"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert campaign.channels == ["web", "sms"] and campaign.created_at
