import io

import pytest

from heard.addresses.demo import CAMPAIGN_SLUG, address_demo_load
from heard.addresses.models import Address, Campaign, Organisation
from heard.core import clock
from heard.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_demo_loads_consistently_and_once():
    out = io.StringIO()
    address_demo_load(stdout=out)
    campaign = Campaign.objects.get(slug=CAMPAIGN_SLUG)
    assert campaign.addresses.count() >= 2000
    assert Address.objects.filter(language="en").exists()
    assert Address.objects.filter(status="answered").exists()
    assert Address.objects.filter(
        status__in=Address.IN_PROGRESS, answer_due_at__lt=clock.now()
    ).exists()
    primary = Address.objects.filter(merged__isnull=False).distinct().get()
    assert primary.merged.count() >= 300 and primary.merged.filter(status="answered").exists()
    organisation = Organisation.objects.get(status="verified")
    assert organisation.addresses.count() > 10
    # Every address has its own audit trail, starting with receipt.
    received = AuditEvent.objects.filter(subject_type="addresses.address", verb="received")
    assert received.count() == Address.objects.count()
    assert "tracking code" in out.getvalue()
    # A responder can answer from a template: the category's own and the one for any address.
    from heard.addresses.selectors import answer_templates_for

    mobilised = Address.objects.filter(category__code="mobilisation").first()
    offered = [template.title for template in answer_templates_for(mobilised)]
    assert "Сроки службы мобилизованных" in offered and "Направлено по компетенции" in offered
    assert "Расселение аварийного жилья" not in offered
    address_demo_load(stdout=out)
    assert Campaign.objects.filter(slug=CAMPAIGN_SLUG).count() == 1
    assert "already" in out.getvalue()


def test_the_demo_shows_verdicts_and_public_event_notices_with_each_answer():
    from django.contrib.auth import get_user_model

    from heard.addresses.demo_accountability import accountability_demo_load
    from heard.addresses.models import EventNotice
    from heard.offices.models import Addressee, StaffRole

    address_demo_load()
    office = get_user_model().objects.create_user(username="president-office", password="x")
    StaffRole.objects.create(
        user=office,
        role=StaffRole.Role.RESPONDER,
        addressee=Addressee.objects.get(slug="president"),
    )

    accountability_demo_load()
    accountability_demo_load()  # once

    assert Address.objects.exclude(verdict="").count() > 100
    outcomes = sorted(EventNotice.objects.values_list("outcome", flat=True))
    assert outcomes == ["", "agreed", "change_proposed", "refused"]
