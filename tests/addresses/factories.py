"""Builders for addresses: each goes through the same services as users do."""

import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from heard.addresses import services
from heard.addresses.models import Address, Category, Organisation, RoutingRule
from heard.offices.models import Addressee, Department
from tests import factories

_sequence = itertools.count(1)
MOSCOW = ZoneInfo("Europe/Moscow")


def moment(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=MOSCOW)


def freeze(monkeypatch, at: datetime) -> None:
    """Move the clock every service reads."""
    monkeypatch.setattr("heard.core.clock.now", lambda: at.astimezone(UTC))


def department(addressee: Addressee, code: str = "letters") -> Department:
    return Department.objects.get_or_create(
        addressee=addressee, code=code, defaults={"name": code.title()}
    )[0]


def category(addressee: Addressee, code: str | None = None) -> Category:
    code = code or f"topic-{next(_sequence)}"
    return Category.objects.create(
        addressee=addressee, code=code, name_ru=f"Тема {code}", name_en=f"Topic {code}"
    )


def route(addressee: Addressee, target: Department, **match) -> RoutingRule:
    return RoutingRule.objects.create(addressee=addressee, department=target, **match)


def address(*, to: Addressee | None = None, **overrides) -> tuple[Address, str]:
    values = {
        "addressee": to or factories.addressee(),
        "text": "When will my husband come home?",
        "channel": Address.Channel.WEB,
        "applicant_name": "Anna",
        "email": f"applicant{next(_sequence)}@example.org",
    }
    return services.address_receive(**(values | overrides))


def assigned_address(**overrides) -> tuple[Address, object]:
    """An address routed to a department, and a responder who handles it."""
    target = overrides.pop("to", None) or factories.addressee()
    route(target, department(target))
    item, _code = address(to=target, **overrides)
    return item, factories.responder(target)


def organisation(*, verified: bool = True, user=None) -> Organisation:
    number = next(_sequence)
    org = services.organisation_register(
        name=f"Soldiers' families {number}",
        description="We help families.",
        contact_email=f"org{number}@example.org",
        username=f"org{number}",
        password="a-long-password-for-tests",
    )
    if verified:
        admin = factories.user(role="administrator")
        org = services.organisation_verify(organisation=org, actor=admin)
    return org
