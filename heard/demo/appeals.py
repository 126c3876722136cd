"""Demo data for collective appeals: the two opposite appeals of PRODUCT.md and a few others.

History is made by the real services with the clock set back, so states, timestamps, counts and
audit events are what the product itself would have produced. Signatures are bulk-inserted (the
demo needs tens of thousands) and then counted by the same counting job as in production.
"""

import random
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.core import clock
from heard.demo.appeal_texts import (
    FAMILIES_TEXT,
    FIRST_NAMES,
    LAST_INITIALS,
    REGION_WEIGHTS,
    WIDOWS_TEXT,
)
from heard.offices.models import Addressee, Department, Region, StaffRole
from heard.signatures import counting, initiators
from heard.signatures import services as signature_services
from heard.signatures.emails import email_digest
from heard.signatures.models import Signature

DEMO_PASSWORD = "heard-demo"  # noqa: S105 - printed for the local demo only


@contextmanager
def clock_at(moment: datetime):
    with mock.patch.object(clock, "now", return_value=moment):
        yield


def _staff(username: str, *, superuser: bool = False):
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is None:
        create = users.objects.create_superuser if superuser else users.objects.create_user
        user = create(username=username, password=DEMO_PASSWORD, email=f"{username}@localhost")
        user.is_staff = superuser
        user.save()
    return user


def _addressees() -> tuple[Addressee, Addressee]:
    president, _ = Addressee.objects.get_or_create(
        slug="president",
        defaults={
            "name": "Президент Российской Федерации",
            "description": "Обращения к главе государства через Администрацию Президента.",
        },
    )
    defence, _ = Addressee.objects.get_or_create(
        slug="defence",
        defaults={
            "name": "Министерство обороны Российской Федерации",
            "sponsors_required": 3,
            "response_threshold": 5_000,
            "consideration_threshold": 50_000,
        },
    )
    for addressee, departments in (
        (
            president,
            [
                ("letters", "Управление по работе с обращениями граждан"),
                ("social", "Управление по социальной политике"),
            ],
        ),
        (
            defence,
            [
                ("personnel", "Главное управление кадров"),
                ("social", "Департамент социальных гарантий"),
            ],
        ),
    ):
        for code, name in departments:
            Department.objects.get_or_create(
                addressee=addressee, code=code, defaults={"name": name}
            )
    return president, defence


def _bulk_sign(appeal: Appeal, *, count: int, start: datetime, end: datetime, seed: int) -> None:
    """Insert `count` confirmed signatures spread over [start, end] and regions by population."""
    rng = random.Random(seed)
    regions = list(Region.objects.filter(active=True))
    weights = [REGION_WEIGHTS.get(region.code, 0.4) for region in regions]
    span = (end - start).total_seconds()
    rows = []
    for number in range(count):
        # Most signatures come early, in the first days after publication.
        signed = start + timedelta(seconds=span * rng.random() ** 2.2)
        email = f"demo-{appeal.pk}-{number}@example.org"
        shown = rng.random() < 0.12
        rows.append(
            Signature(
                appeal=appeal,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}.",
                email=email,
                email_digest=email_digest(email),
                region=rng.choices(regions, weights)[0],
                consented_at=signed,
                show_name=shown,
                notify=rng.random() < 0.4,
                status=Signature.Status.CONFIRMED,
                created_at=signed,
                confirmed_at=signed + timedelta(minutes=rng.randint(1, 90)),
            )
        )
    Signature.objects.bulk_create(rows, batch_size=2000)


def _appeal_through(
    status: str, *, addressee: Addressee, moderator, created: datetime, **fields
) -> Appeal:
    """Create an appeal and move it through the real transitions up to `status`."""
    with clock_at(created):
        appeal = initiators.appeal_start(
            addressee=addressee, region=Region.objects.get(code="MOW"), language="ru", **fields
        )
        creator = appeal.signatures.get(role=Signature.Role.CREATOR)
    if status == Appeal.Status.DRAFT:
        return appeal
    with clock_at(created + timedelta(minutes=20)):
        signature_services.signature_confirm(signature=creator)
    appeal.refresh_from_db()
    for number in range(addressee.sponsors_required if status != "gathering_sponsors" else 1):
        with clock_at(created + timedelta(hours=2 + number)):
            sponsor = signature_services.signature_create(
                appeal=appeal,
                role=Signature.Role.SPONSOR,
                name=f"Sponsor {number + 1}",
                email=f"sponsor-{appeal.pk}-{number}@example.org",
                region=Region.objects.get(code="SPE"),
                language="ru",
            )
            signature_services.signature_confirm(signature=sponsor)
    appeal.refresh_from_db()
    if status in (Appeal.Status.GATHERING_SPONSORS, Appeal.Status.AWAITING_MODERATION):
        return appeal
    with clock_at(created + timedelta(days=1)):
        if status == Appeal.Status.REJECTED:
            return services.appeal_reject(
                appeal=appeal,
                moderator=moderator,
                code=fields.pop("rejection", "advertising"),
                details="Текст рекламирует коммерческие услуги.",
            )
        return services.appeal_publish(appeal=appeal, moderator=moderator)


def _count_at(appeal: Appeal, moment: datetime) -> None:
    with clock_at(moment):
        counting.appeal_counts_refresh(appeal_id=appeal.pk)


@transaction.atomic
def appeal_demo_load(*, stdout=None) -> bool:
    """Load the demo once; returns False if it was there already."""
    if Appeal.objects.exists():
        return False
    now = clock.now()
    _staff("admin", superuser=True)
    moderator = _staff("moderator")
    StaffRole.objects.get_or_create(user=moderator, role=StaffRole.Role.MODERATOR)
    president, defence = _addressees()
    responder = _staff("president-office")
    StaffRole.objects.get_or_create(
        user=responder, role=StaffRole.Role.RESPONDER, addressee=president
    )
    defence_responder = _staff("defence-office")
    StaffRole.objects.get_or_create(
        user=defence_responder, role=StaffRole.Role.RESPONDER, addressee=defence
    )

    families_start = now - timedelta(days=75)
    families = _appeal_through(
        Appeal.Status.OPEN,
        addressee=president,
        moderator=moderator,
        created=families_start,
        title="Верните мобилизованных домой: срок службы — не больше года",
        demands=[
            "Демобилизовать резервистов, призванных осенью 2022 года",
            "Ограничить срок службы по мобилизации одним годом в законе",
            "Опубликовать понятный график ротации",
        ],
        text=FAMILIES_TEXT,
        group_name="Инициативная группа семей мобилизованных «Дорога домой»",
        video_url="https://video.example.org/families-address",
        telegram_url="https://t.me/s/example_families/101",
        document_url="https://example.org/families-manifesto.pdf",
        initiator_name="Мария К.",
        initiator_email="families-initiator@example.org",
    )
    _bulk_sign(
        families,
        count=14_260,
        start=families_start + timedelta(days=1),
        end=now - timedelta(hours=1),
        seed=1,
    )
    _count_at(families, families_start + timedelta(days=20))
    with clock_at(families_start + timedelta(days=44)):
        services.appeal_respond(
            appeal=families,
            responder=responder,
            responded_on=(families_start + timedelta(days=44)).date(),
            office="Администрация Президента Российской Федерации",
            text=(
                "Обращение рассмотрено. Вопросы сроков службы граждан, призванных по "
                "мобилизации, регулируются указом о частичной мобилизации; предложения "
                "об ограничении срока службы направлены в Министерство обороны для "
                "проработки. О принятых решениях будет сообщено дополнительно."
            ),
        )
    _count_at(families, now)

    widows_start = now - timedelta(days=12)
    widows = _appeal_through(
        Appeal.Status.OPEN,
        addressee=president,
        moderator=moderator,
        created=widows_start,
        title="Объявить масштабную мобилизацию и запретить выезд мужчинам призывного возраста",
        demands=[
            "Объявить масштабную мобилизацию для смены тех, кто на фронте",
            "Запретить выезд из страны мужчинам призывного возраста",
            "Упростить получение выплат семьям погибших",
        ],
        text=WIDOWS_TEXT,
        group_name="Объединение «Солдатские вдовы России»",
        telegram_url="https://t.me/s/example_widows/55",
        initiator_name="Ольга Т.",
        initiator_email="widows-initiator@example.org",
    )
    _bulk_sign(
        widows,
        count=3_870,
        start=widows_start + timedelta(days=1),
        end=now - timedelta(minutes=30),
        seed=2,
    )
    _count_at(widows, now)

    overdue_start = now - timedelta(days=70)
    overdue = _appeal_through(
        Appeal.Status.OPEN,
        addressee=defence,
        moderator=moderator,
        created=overdue_start,
        title="Выплачивать компенсации раненым вовремя",
        demands=[
            "Установить срок выплаты компенсации за ранение — 30 дней",
            "Публиковать статистику задержек выплат",
        ],
        text="Семьи раненых месяцами ждут положенных выплат. Просим установить срок.",
        group_name="Совет родителей военнослужащих",
        initiator_name="Ирина С.",
        initiator_email="parents-council@example.org",
    )
    _bulk_sign(
        overdue,
        count=6_120,
        start=overdue_start + timedelta(days=1),
        end=now - timedelta(days=2),
        seed=3,
    )
    _count_at(overdue, overdue_start + timedelta(days=18))
    _count_at(overdue, now)

    _appeal_through(
        Appeal.Status.GATHERING_SPONSORS,
        addressee=president,
        moderator=moderator,
        created=now - timedelta(days=2),
        title="Сохранить сельские школы в малых населённых пунктах",
        demands=["Ввести мораторий на закрытие сельских школ"],
        text="Закрытие школ лишает сёла будущего.",
        group_name="Учителя Псковской области",
        initiator_name="Пётр Л.",
        initiator_email="teachers@example.org",
    )
    _appeal_through(
        Appeal.Status.AWAITING_MODERATION,
        addressee=defence,
        moderator=moderator,
        created=now - timedelta(days=3),
        title="Open the lists of the missing to their families",
        demands=["Give families access to the status of missing servicemen within 10 days"],
        text="Families wait for months without any word. We ask for a clear procedure.",
        group_name="Families of the missing",
        initiator_name="Anna P.",
        initiator_email="missing@example.org",
    )
    _appeal_through(
        Appeal.Status.REJECTED,
        addressee=president,
        moderator=moderator,
        created=now - timedelta(days=9),
        title="Лучшие курсы вождения со скидкой 50%",
        demands=["Записывайтесь на курсы"],
        text="Реклама автошколы.",
        group_name="Автошкола",
        initiator_name="Менеджер",
        initiator_email="ads@example.org",
    )
    closed_start = now - timedelta(days=400)
    closed = _appeal_through(
        Appeal.Status.OPEN,
        addressee=president,
        moderator=moderator,
        created=closed_start,
        title="Индексировать пенсии работающим пенсионерам",
        demands=["Возобновить индексацию пенсий работающих пенсионеров"],
        text="Работающие пенсионеры годами не получают индексацию.",
        group_name="Союз пенсионеров",
        initiator_name="Галина В.",
        initiator_email="pensioners@example.org",
    )
    _bulk_sign(
        closed,
        count=2_140,
        start=closed_start + timedelta(days=1),
        end=closed_start + timedelta(days=180),
        seed=4,
    )
    _count_at(closed, closed_start + timedelta(days=190))
    with clock_at(now):
        services.appeal_close(appeal=closed)

    if stdout:
        stdout.write(f"Demo appeals loaded: {Appeal.objects.count()}")
    return True
