"""Demo data for individual addresses, loaded by `heard demo_load` after the appeals demo:
a Direct Line campaign with a few thousand addresses (Russian and English), some answered on
time or late, some overdue, one mass campaign merged into a primary, one verified intermediary
organisation with cases. Idempotent: nothing happens if the demo campaign exists.

The mass part is written with bulk_create; each address still gets the audit events its state
implies (received, registered, assigned, then answered/extended/forwarded/left/merged)."""

import random
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from heard.addresses import codes, demo_texts
from heard.addresses.deadlines import due_after
from heard.addresses.models import (
    Address,
    AddressAnswer,
    AddressPolicy,
    AnswerTemplate,
    Campaign,
    Category,
    NumberCounter,
    Organisation,
    RoutingRule,
)
from heard.core import clock
from heard.core.models import AuditEvent
from heard.offices.models import Addressee, Department, Region
from heard.triage.lib import campaign_copies, letters

CAMPAIGN_SLUG = "direct-line-demo"
GENERATED = 3000
MASS_COPIES = 400
ORGANISATION_CASES = 25
# Campaigns as they really arrive, left for triage to find: (issue in letters._ISSUES, language,
# category code, copies, templates). Copies carry the sender's story, greeting, typos.
CAMPAIGNS = [
    (0, "ru", "mobilisation", 260, 2),
    (2, "ru", "housing", 140, 1),
    (4, "ru", "healthcare", 70, 1),
    (0, "en", "mobilisation", 60, 1),
]
CHANNEL_WEIGHTS = {"web": 30, "phone": 35, "sms": 20, "social": 10, "api": 5}
Status = Address.Status


def address_demo_load(*, stdout=None) -> None:
    if Campaign.objects.filter(slug=CAMPAIGN_SLUG).exists():
        _say(stdout, "Address demo already loaded.")
        return
    with transaction.atomic():
        _Builder(random.Random(2023), stdout).run()  # noqa: S311 - demo data, not secrets


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


class _Builder:
    def __init__(self, rng: random.Random, stdout):
        self.rng, self.stdout, self.now = rng, stdout, clock.now()
        self.addresses: list[Address] = []
        self.plans: list[dict] = []  # what happens to each address, parallel to self.addresses
        self.counters: dict[tuple[int, int], int] = {}

    # Setting up the offices -------------------------------------------------------------------

    def run(self) -> None:
        president = self._addressee("president", "Президент Российской Федерации", "DL")
        defence = self._addressee("defence", "Министерство обороны Российской Федерации", "MOD")
        departments = self._departments(president)
        categories = self._categories(president, departments)
        self.regions = list(Region.objects.filter(active=True)) or [None]
        self.departments, self.categories = departments, categories
        start = self.now - timedelta(days=75)
        self.campaign = Campaign.objects.create(
            addressee=president,
            slug=CAMPAIGN_SLUG,
            title="Прямая линия (демо)",
            description="Приём вопросов к прямой линии: веб, телефон, SMS, соцсети.",
            starts_at=start,
            ends_at=start + timedelta(days=14),
            channels=list(CHANNEL_WEIGHTS),
            created_at=start - timedelta(days=3),
        )
        self._audit(self.campaign, "opened", start - timedelta(days=3))
        organisation = self._organisation()
        for _ in range(GENERATED):
            self._generated(president, self._moment(start, 14))
        for _ in range(400):  # recent, outside the campaign: in progress, not yet due
            self._generated(president, self._moment(self.now - timedelta(days=25), 24))
        primary = self._mass(president, start)
        for campaign in CAMPAIGNS:
            self._campaign(president, start, *campaign)
        for _ in range(ORGANISATION_CASES):
            self._generated(president, self._moment(start, 60), organisation=organisation)
        forwarded = self._generated(defence, self._moment(start, 30))
        self._store()
        _say(
            self.stdout,
            f"Addresses: {len(self.addresses)} (campaign “{self.campaign.title}”), "
            f"mass campaign merged into {primary.number}, organisation “{organisation.name}”.",
        )
        for sample in self.addresses[:2] + [forwarded]:
            code = codes.tracking_code(salt=sample.tracking_salt, number=sample.number)
            _say(self.stdout, f"  follow {sample.number} with tracking code {code}")

    def _addressee(self, slug: str, name: str, prefix: str) -> Addressee:
        addressee, _ = Addressee.objects.get_or_create(slug=slug, defaults={"name": name})
        if not AddressPolicy.objects.filter(addressee=addressee).exists():
            if AddressPolicy.objects.filter(number_prefix=prefix).exists():
                prefix = f"{prefix}{addressee.pk}"
            AddressPolicy.objects.create(addressee=addressee, number_prefix=prefix)
        return addressee

    def _departments(self, addressee: Addressee) -> dict[str, Department]:
        return {
            code: Department.objects.get_or_create(
                addressee=addressee, code=code, defaults={"name": name}
            )[0]
            for code, name in demo_texts.DEPARTMENTS
        }

    def _categories(self, addressee, departments) -> dict[str, Category]:
        categories = {}
        for code, name_ru, name_en, department in demo_texts.CATEGORIES:
            category, _ = Category.objects.get_or_create(
                addressee=addressee, code=code, defaults={"name_ru": name_ru, "name_en": name_en}
            )
            categories[code] = category
            RoutingRule.objects.get_or_create(
                addressee=addressee,
                category=category,
                region=None,
                defaults={"department": departments[department]},
            )
        RoutingRule.objects.get_or_create(
            addressee=addressee,
            category=None,
            region=None,
            defaults={"department": departments["letters"]},
        )
        for code, title, text in demo_texts.ANSWER_TEMPLATES:
            AnswerTemplate.objects.get_or_create(
                addressee=addressee, title=title,
                defaults={"category": categories.get(code), "text": text},
            )
        return categories

    def _organisation(self) -> Organisation:
        user, created = get_user_model().objects.get_or_create(username="demo-organisation")
        if created:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save()
            _say(self.stdout, f"Organisation login: demo-organisation / {password}")
        organisation = Organisation.objects.create(
            name="Семьи военнослужащих: помощь (демо)",
            slug="families-help-demo",
            description="Помогаем семьям мобилизованных и погибших военнослужащих обращаться "
            "к органам власти.",
            contact_email="families-help@example.org",
            status=Organisation.Status.VERIFIED,
            created_at=self.now - timedelta(days=90),
            verified_at=self.now - timedelta(days=89),
        )
        organisation.users.add(user)
        self._audit(organisation, "registered", organisation.created_at)
        self._audit(organisation, "verified", organisation.verified_at)
        return organisation

    # Generating addresses ---------------------------------------------------------------------

    def _moment(self, start, days: int):
        return start + timedelta(seconds=self.rng.randrange(days * 86400))

    def _text(self, code: str, english: bool) -> str:
        texts = (demo_texts.TEXTS_EN if english else demo_texts.TEXTS_RU)[code]
        cities = demo_texts.CITIES_EN if english else demo_texts.CITIES_RU
        relatives = demo_texts.RELATIVES_EN if english else demo_texts.RELATIVES_RU
        text = self.rng.choice(texts).format(
            city=self.rng.choice(cities),
            relative=self.rng.choice(relatives),
            amount=self.rng.choice(["12 000", "18 500", "24 300", "9 800"]),
        )
        # People write their own letters: a sentence of their own case, a greeting, a name.
        language = "en" if english else "ru"
        roll = self.rng.random()
        if roll < 0.35:
            text += " " + letters.story(self.rng, language, length=40)
        elif roll < 0.5:
            text = letters.story(self.rng, language, length=40) + " " + text
        if self.rng.random() < 0.3:
            text = self.rng.choice(campaign_copies.GREETINGS[language]) + " " + text
        return text

    def _new(self, addressee, received_at, *, text, category, channel, language, **extra):
        policy = codes.policy_for(addressee)
        year = timezone.localtime(received_at).year
        key = (addressee.pk, year)
        if key not in self.counters:
            counter, _ = NumberCounter.objects.get_or_create(addressee=addressee, year=year)
            self.counters[key] = counter.last
        self.counters[key] += 1
        number = policy.number_format.format(
            prefix=policy.number_prefix, year=year, seq=self.counters[key]
        )
        salt = codes.tracking_salt_new()
        anonymous = self.rng.random() < 0.08
        name = "" if anonymous else self.rng.choice(demo_texts.NAMES)
        has_email = not anonymous and self.rng.random() < 0.5
        address = Address(
            number=number,
            tracking_salt=salt,
            tracking_code_hash=codes.tracking_code_hash(
                codes.tracking_code(salt=salt, number=number)
            ),
            addressee=addressee,
            kind=self.rng.choice(Address.Kind.values),
            text=text,
            category=category,
            region=self.rng.choice(self.regions),
            channel=channel,
            anonymous=anonymous,
            applicant_name=name,
            email=f"applicant{len(self.addresses)}@example.org" if has_email else "",
            language=language,
            received_at=received_at,
            registration_due_at=due_after(received_at, policy.registration_days),
            **extra,
        )
        # Registered on receipt; the campaign's routing rules give the department.
        address.registered_at = received_at
        address.answer_due_at = due_after(received_at, policy.answer_days)
        address.forwarding_due_at = due_after(received_at, policy.forwarding_days)
        if addressee.slug == "president":
            address.department = self.departments[
                dict((c[0], c[3]) for c in demo_texts.CATEGORIES).get(
                    category.code if category else "", "letters"
                )
            ]
        address.status = Status.ASSIGNED if address.department else Status.REGISTERED
        address.assigned_at = received_at if address.department else None
        in_window = self.campaign.starts_at <= received_at < self.campaign.ends_at
        if addressee.slug == "president" and in_window and channel in CHANNEL_WEIGHTS:
            address.campaign = self.campaign
        self.addresses.append(address)
        self.plans.append({})
        return address

    def _generated(self, addressee, received_at, organisation=None) -> Address:
        english = self.rng.random() < 0.15
        code = self.rng.choice([c[0] for c in demo_texts.CATEGORIES])
        channel = (
            "web"
            if organisation
            else self.rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        )
        address = self._new(
            addressee,
            received_at,
            text=self._text(code, english),
            category=self.categories[code] if addressee.slug == "president" else None,
            channel=channel,
            language="en" if english else "ru",
            organisation=organisation,
            member_consent_at=received_at if organisation else None,
        )
        self._plan(address, english)
        return address

    def _plan(self, address: Address, english: bool) -> None:
        """Choose what happened to the address, never later than now."""
        plan, roll, received = self.plans[-1], self.rng.random(), address.received_at
        took = timedelta(days=self.rng.uniform(2, 45))
        if roll < 0.5 and received + took < self.now:
            plan["answer"] = received + took
            plan["english"] = english
        elif roll < 0.6 and received + timedelta(days=20) < self.now:
            plan["extend"] = received + timedelta(days=20)
            if received + timedelta(days=50) < self.now and self.rng.random() < 0.6:
                plan["answer"] = received + timedelta(days=self.rng.uniform(35, 55))
        elif roll < 0.65:
            plan["forward"] = received + timedelta(days=self.rng.uniform(1, 9))
        elif roll < 0.7:
            plan["leave"] = received + timedelta(days=self.rng.uniform(3, 20))
        for moment in plan.values():
            if hasattr(moment, "tzinfo") and moment > self.now:
                plan.clear()
                break

    def _mass(self, addressee, start) -> Address:
        primary = self._new(
            addressee,
            start + timedelta(hours=2),
            text=demo_texts.MASS_TEXT_RU,
            category=self.categories["mobilisation"],
            channel="web",
            language="ru",
        )
        self.plans[-1]["answer"] = start + timedelta(days=21)
        for index in range(MASS_COPIES):
            text = demo_texts.MASS_TEXT_RU + ("" if index % 3 else " Верните наших мужей!")
            # Pasted into a form: a greeting, a signature, a typo; no story of their own (these
            # copies are merged, and a copy asking something of its own would stay open).
            text, _ = campaign_copies.copy_of(self.rng, [text], "ru", 0.0)
            self._new(
                addressee,
                self._moment(start, 5),
                text=text,
                category=self.categories["mobilisation"],
                channel=self.rng.choice(["web", "social", "sms"]),
                language="ru",
            )
            self.plans[-1]["merge"] = (primary, start + timedelta(days=6))
        return primary

    def _campaign(self, addressee, start, issue, language, code, copies, templates) -> None:
        """A campaign's copies, open: each a template with the sender's own additions."""
        variants = [letters.campaign_text(self.rng, language, issue) for _ in range(templates)]
        for _ in range(copies):
            text, _ = campaign_copies.copy_of(self.rng, self.rng.choice(variants), language, 0.5)
            self._new(
                addressee,
                self._moment(start, 12),
                text=text,
                category=self.categories[code],
                channel=self.rng.choice(["web", "web", "social", "api"]),
                language=language,
            )

    # Writing ----------------------------------------------------------------------------------

    def _apply(self, address: Address, plan: dict) -> list[tuple[str, object, dict]]:
        events = [
            ("received", address.received_at, {"channel": address.channel}),
            ("registered", address.registered_at, {}),
        ]
        if address.department:
            events.append(("assigned", address.assigned_at, {"by": "routing"}))
        if "extend" in plan:
            address.status, address.extended_at = Status.EXTENDED, plan["extend"]
            address.extension_days, address.extension_reason = 30, "Запрошены сведения в регионе."
            address.answer_due_at = due_after(address.answer_due_at, 30)
            events.append(("extended", plan["extend"], {"days": 30}))
        if "forward" in plan:
            address.status, address.forwarded_at = Status.FORWARDED, plan["forward"]
            address.closed_at, address.forwarded_to_body = plan["forward"], "Правительство региона"
            events.append(("forwarded", plan["forward"], {"body": address.forwarded_to_body}))
        if "leave" in plan:
            ground = "no_contact" if address.anonymous and not address.email else "unreadable"
            address.status, address.left_at, address.closed_at = (
                Status.LEFT_WITHOUT_ANSWER,
                plan["leave"],
                plan["leave"],
            )
            address.ground = ground
            events.append(("left_without_answer", plan["leave"], {"ground": ground}))
        if "merge" in plan:
            primary, when = plan["merge"]
            address.status, address.merged_at, address.merged_into = Status.MERGED, when, primary
            events.append(("merged", when, {"into": primary.number}))
        return events

    def _store(self) -> None:
        for address, plan in zip(self.addresses, self.plans, strict=True):
            plan["events"] = self._apply(address, plan)
        answered = [
            (a, p) for a, p in zip(self.addresses, self.plans, strict=True) if "answer" in p
        ]
        answers = AddressAnswer.objects.bulk_create(
            AddressAnswer(
                text=demo_texts.ANSWER_EN
                if plan.get("english")
                else demo_texts.ANSWERS_RU.get(
                    address.category.code if address.category else "",
                    demo_texts.ANSWERS_RU["default"],
                ),
                office="Администрация Президента"
                if address.addressee.slug == "president"
                else "Министерство обороны",
                created_at=plan["answer"],
            )
            for address, plan in answered
        )
        for (address, plan), answer in zip(answered, answers, strict=True):
            address.status, address.answer = Status.ANSWERED, answer
            address.answered_at = address.closed_at = plan["answer"]
            plan["events"].append(("answered", plan["answer"], {}))
        self._write()

    def _write(self) -> None:
        # The primaries first, so that merged addresses can point at their pk.
        merged = [a for a in self.addresses if a.merged_into is not None]
        others = [a for a in self.addresses if a.merged_into is None]
        Address.objects.bulk_create(others, batch_size=500)
        for address in merged:
            address.merged_into_id = address.merged_into.pk
            primary = address.merged_into
            if primary.answer_id:
                address.status, address.answer_id = Status.ANSWERED, primary.answer_id
                address.answered_at = address.closed_at = primary.answered_at
        Address.objects.bulk_create(merged, batch_size=500)
        for (addressee_id, year), last in self.counters.items():
            NumberCounter.objects.filter(addressee_id=addressee_id, year=year).update(last=last)
        events = []
        for address, plan in zip(self.addresses, self.plans, strict=True):
            for verb, when, data in plan["events"]:
                events.append(self._event(address, verb, when, data))
            if address.merged_into is not None and address.answer_id:
                events.append(
                    self._event(
                        address,
                        "answered",
                        address.answered_at,
                        {"with": address.merged_into.number},
                    )
                )
        AuditEvent.objects.bulk_create(events, batch_size=1000)

    def _event(self, subject, verb, when, data) -> AuditEvent:
        return AuditEvent(
            created_at=when,
            actor_role="system",
            verb=verb,
            subject_type=subject._meta.label_lower,
            subject_id=subject.pk,
            data=data,
            public=verb not in ("assigned",),
        )

    def _audit(self, subject, verb, when) -> None:
        AuditEvent.objects.create(
            **{
                f.name: getattr(self._event(subject, verb, when, {}), f.name)
                for f in AuditEvent._meta.fields
                if f.name != "id"
            }
        )
