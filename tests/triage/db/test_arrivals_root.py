"""Arrivals check a stored group's root as a run does: copies of a new campaign that quote a
stored group's short template do not pile into that group; they form one of their own."""

import pytest

from heard.addresses import services as address_services
from heard.addresses.models import Address
from heard.triage.models import AddressTriage
from heard.triage.tasks import triage_arrivals_join
from tests.triage.db import builders

pytestmark = pytest.mark.django_db

LEGAL = ("Under the law on citizens' appeals I ask you to consider this appeal and to send the "
         "answer in writing to the address given, within the thirty days the law sets, and not "
         "to forward it to the body it complains about.")
CAMPAIGN = ("The regional ministry is closing the maternity ward of the district hospital in "
            "Torzhok. The nearest hospital will then be ninety kilometres away on a road that "
            "is not cleared in winter, and an ambulance already takes more than an hour. ")


def _receive(world, text):
    address, _code = address_services.address_receive(
        addressee=world.addressee, text=text, channel=Address.Channel.WEB, applicant_name="Anna",
        email="", received_at=builders.clock.now(), entered_by=None,
    )
    return address


def _group(address):
    return AddressTriage.objects.get(address=address).group


def test_copies_of_a_new_campaign_quoting_a_stored_short_template_group_on_their_own(world):
    stored = [_receive(world, LEGAL), _receive(world, LEGAL + " Anna, Tver.")]
    builders.run(world.campaign)
    legal_group = _group(stored[0])
    assert legal_group is not None and _group(stored[1]) == legal_group

    signers = ["Oleg from Luga.", "Irina Petrova.", "Nina, flat 4.", "Pavel, Kimry."]
    copies = [_receive(world, f"{CAMPAIGN}{LEGAL} {signer}") for signer in signers]
    lone = _receive(world, f"{LEGAL} Sergei, Revda.")

    assert triage_arrivals_join.call() == 5

    new_group = _group(copies[0])
    assert new_group is not None and new_group != legal_group
    assert {_group(copy) for copy in copies} == {new_group}
    assert new_group.template_id in {copy.pk for copy in copies}
    # A copy of the stored template itself still joins it.
    assert _group(lone) == legal_group
