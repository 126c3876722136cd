"""Registering a campaign's addresses from an intake system's file: a batch per transaction
(heard.addresses.importing reads and checks the lines; decision 0516).

Each address gets what address_receive gives one: a number (taken a batch at a time under the
counter's lock, so numbers are never given twice), the clocks, the route by the addressee's rules,
the audit events, the registration mail when there is an e-mail. Its clocks run from the received
date: the intake system received it then, and an import that comes days later gives the office
no extra days. The line's key is stored in the same transaction, so a rerun skips it.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, models, transaction
from django.utils import timezone

from heard.addresses import codes
from heard.addresses.deadlines import due_after
from heard.addresses.mails import registration_mail
from heard.addresses.models import Address, Campaign, ImportKey, RoutingRule
from heard.core import clock
from heard.core.models import AuditEvent
from heard.offices.models import Department
from heard.triage.lib.routing import rule_department

WRITE_BATCH = 1000


@dataclass(frozen=True, slots=True)
class ImportLine:
    """One checked line: what the addresses app stores, and the key that makes it once only."""

    line: int
    key: str
    text: str
    received_at: datetime | None = None
    channel: str = Address.Channel.WEB
    kind: str = Address.Kind.QUESTION
    region_id: int | None = None
    category_id: int | None = None
    applicant_name: str = ""
    email: str = ""
    postal_address: str = ""
    language: str = "ru"


@dataclass
class BatchResult:
    stored: int = 0
    already: int = 0


def _routing(campaign: Campaign):
    rules = [
        {"category": rule.category_id, "region": rule.region_id, "department": rule.department}
        for rule in RoutingRule.objects.filter(addressee_id=campaign.addressee_id)
        .select_related("department")
        .order_by("pk")
    ]

    def department_for(line: ImportLine):
        return rule_department(rules, category=line.category_id, region=line.region_id)

    return department_for


def _numbers(campaign: Campaign, lines: list[ImportLine], now: datetime) -> list[str]:
    """A number per line, in file order, from each received year's own counter."""
    by_year: dict[int, list[int]] = {}
    for position, line in enumerate(lines):
        year = timezone.localtime(line.received_at or now).year
        by_year.setdefault(year, []).append(position)
    numbers = [""] * len(lines)
    for positions in by_year.values():
        at = lines[positions[0]].received_at or now
        taken = codes.numbers_allocate(addressee=campaign.addressee, at=at, count=len(positions))
        for position, number in zip(positions, taken, strict=True):
            numbers[position] = number
    return numbers


def _address(campaign, line: ImportLine, number: str, department, policy, now) -> dict:
    received = line.received_at or now
    salt = codes.tracking_salt_new()
    return {
        "number": number,
        "tracking_salt": salt,
        "tracking_code_hash": codes.tracking_code_hash(
            codes.tracking_code(salt=salt, number=number)),
        "addressee_id": campaign.addressee_id,
        "campaign_id": campaign.pk,
        "kind": line.kind,
        "text": line.text,
        "category_id": line.category_id,
        "region_id": line.region_id,
        "channel": line.channel,
        "anonymous": not line.applicant_name,
        "applicant_name": line.applicant_name,
        "email": line.email,
        "postal_address": line.postal_address,
        "language": line.language,
        "received_at": received,
        "registration_due_at": due_after(received, policy.registration_days),
        "registered_at": received,
        "answer_due_at": due_after(received, policy.answer_days),
        "forwarding_due_at": due_after(received, policy.forwarding_days),
        "department_id": department.pk if department is not None else None,
        "assigned_at": received if department is not None else None,
        "status": Address.Status.ASSIGNED if department is not None
        else Address.Status.REGISTERED,
    }


def _events(address: dict, key: str, days: int, departments: dict) -> list[dict]:
    def event(verb: str, data: dict, public: bool = True) -> dict:
        return {"created_at": address["received_at"], "actor_role": "system", "verb": verb,
                "subject_type": "addresses.address", "subject_id": address["id"],
                "data": data, "public": public}

    events = [
        event("received", {"channel": address["channel"], "campaign": address["campaign_id"],
                           "import": key}),
        event("registered", {"answer_due_at": address["answer_due_at"].isoformat(),
                             "days": days}),
    ]
    if address["department_id"] is not None:
        events.append(event("assigned", {"department": departments[address["department_id"]],
                                         "by": "routing"}, public=False))
    return events


def _insert(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows (attname -> value; the model's defaults fill the rest) and set their "id".

    On PostgreSQL by COPY with ids taken from the table's sequence first: a third of the time
    of bulk_create, whose per-value preparation is most of an import's cost (decision 0516).
    Values are the plain Python ones the model's fields hold; JSON fields are dumped here."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    json_fields = {field.attname for field in fields if isinstance(field, models.JSONField)}
    if connection.vendor != "postgresql":
        objects = model.objects.bulk_create(
            [model(**(defaults | row)) for row in rows], batch_size=WRITE_BATCH)
        for row, instance in zip(rows, objects, strict=True):
            row["id"] = instance.pk
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row["id"] = pk
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {table} (id, {columns}) FROM STDIN") as copy:
            for row in rows:
                values = defaults | row
                copy.write_row([row["id"], *(
                    json.dumps(values[name]) if name in json_fields else values[name]
                    for name in (field.attname for field in fields)
                )])


@transaction.atomic
def addresses_import_batch(*, campaign: Campaign, lines: list[ImportLine]) -> BatchResult:
    """Register the lines not imported before into the campaign, all or none of them."""
    result = BatchResult()
    known = set(
        ImportKey.objects.filter(campaign=campaign, key__in=[line.key for line in lines])
        .values_list("key", flat=True)
    )
    fresh = []
    for line in lines:
        if line.key in known:
            result.already += 1
            continue
        known.add(line.key)  # the same key twice in one file: the first line counts
        fresh.append(line)
    if not fresh:
        return result
    now = clock.now()
    policy = codes.policy_for(campaign.addressee)
    department_for = _routing(campaign)
    numbers = _numbers(campaign, fresh, now)
    addresses = [
        _address(campaign, line, number, department_for(line), policy, now)
        for line, number in zip(fresh, numbers, strict=True)
    ]
    _insert(Address, addresses)
    _insert(ImportKey, [
        {"campaign_id": campaign.pk, "key": line.key, "address_id": address["id"]}
        for line, address in zip(fresh, addresses, strict=True)
    ])
    departments = dict(Department.objects.filter(addressee_id=campaign.addressee_id)
                       .values_list("pk", "code"))
    _insert(AuditEvent, [
        event for line, address in zip(fresh, addresses, strict=True)
        for event in _events(address, line.key, policy.answer_days, departments)
    ])
    for address in Address.objects.filter(
        pk__in=[row["id"] for row in addresses if row["email"]]
    ).select_related("addressee"):
        registration_mail(address=address)
    result.stored = len(addresses)
    return result
