"""A small campaign for triage tests: routed history, one planted mass campaign, two topics."""

from dataclasses import dataclass
from datetime import timedelta

from heard.addresses import services
from heard.addresses.models import Address, Campaign
from heard.core import clock
from heard.offices.models import Addressee, Department
from heard.triage import services as triage_services
from heard.triage.models import TriageRun
from tests import factories
from tests.addresses import factories as address_factories

HEATING = [
    "The heating in our building on {street} street has been off for {n} days, repair the boiler",
    "No hot water and cold radiators at {street} street {n}, the boiler room does nothing",
    "Radiators are cold in flat {n} on {street} street, heating season started, please help",
    "Our block on {street} street has no heating for {n} days, the pipes are frozen",
]
ROADS = [
    "The road near school {n} on {street} street is full of potholes, cars are damaged",
    "Please fix the asphalt on {street} street, the holes near house {n} are dangerous",
    "Potholes on {street} avenue again, {n} cars broke their wheels this week, repair the road",
    "The pavement and the road surface on {street} street are broken near bus stop {n}",
]
STREETS = ["Lenina", "Pushkina", "Gagarina", "Mira", "Sadovaya", "Lesnaya", "Zelenaya"]
MASS = (
    "Dear sir, we the residents of Rechnaya district demand that the landfill near the river "
    "is closed at once, the smell is unbearable and the children are ill. {greeting}"
)
GREETINGS = ["Thank you.", "Regards, Olga", "With respect, Ivan", "Sincerely, the Petrovs",
             "Please answer.", "Best wishes, Nina"]


@dataclass
class World:
    addressee: Addressee
    campaign: Campaign
    housing: Department
    roads: Department
    responder: object
    mass: list[Address]
    heating: list[Address]
    roads_addresses: list[Address]


def _text(templates, index: int) -> str:
    template = templates[index % len(templates)]
    return template.format(street=STREETS[index % len(STREETS)], n=index + 3)


def receive(
    addressee: Addressee, text: str, channel: str = Address.Channel.WEB, entered_by=None
) -> Address:
    address, _code = services.address_receive(
        addressee=addressee, text=text, channel=channel, applicant_name="Anna",
        email="", received_at=clock.now(), entered_by=entered_by,
    )
    return address


def world(*, mass_copies: int = 6, per_topic: int = 4) -> World:
    addressee = factories.addressee()
    housing = address_factories.department(addressee, "housing")
    roads = address_factories.department(addressee, "roads")
    responder = factories.responder(addressee)
    # Routed history, before the campaign opens: what the router learns from.
    for index in range(8):
        for templates, department in ((HEATING, housing), (ROADS, roads)):
            address = receive(addressee, _text(templates, index + 20))
            services.address_assign(address=address, actor=responder, department=department)
    now = clock.now()
    campaign = Campaign.objects.create(
        addressee=addressee, slug=f"line-{addressee.pk}", title="Direct line",
        starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(days=14),
        channels=["web", "phone", "sms"], created_at=now,
    )
    mass = [
        receive(addressee, MASS.format(greeting=GREETINGS[i % len(GREETINGS)]),
                channel=["web", "phone", "sms"][i % 3], entered_by=responder)
        for i in range(mass_copies)
    ]
    heating = [receive(addressee, _text(HEATING, i)) for i in range(per_topic)]
    roads_addresses = [receive(addressee, _text(ROADS, i)) for i in range(per_topic)]
    return World(addressee, campaign, housing, roads, responder, mass, heating, roads_addresses)


def run(campaign: Campaign) -> TriageRun:
    return triage_services.triage_run_campaign(campaign_id=campaign.pk, encoder=False)
