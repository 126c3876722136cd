"""Demo data for what an applicant and an organiser see after the answer: verdicts on a share
of the answered demo addresses, and notices of public events with each kind of answer. Built
through the services (except the verdicts' dates), after the address demo."""

import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from heard.addresses import services
from heard.addresses.models import Address, EventNotice, Verdict
from heard.core import clock
from heard.offices.models import Addressee

VERDICT_SHARE = 0.35
VERDICT_WEIGHTS = {
    Verdict.RESOLVED: 2,
    Verdict.EXPLAINED: 4,
    Verdict.NOT_RESOLVED: 3,
    Verdict.NO_REAL_ANSWER: 3,
}
NOTICES = [
    # (form, place, participants, group, outcome, ground, proposal)
    ("rally", "Новосибирск, площадь Ленина", 300, "Совет матерей и жён", "agreed", "", ""),
    (
        "picket",
        "Москва, Пушкинская площадь",
        20,
        "Путь домой",
        "change_proposed",
        "",
        "Суворовская площадь, то же время",
    ),
    (
        "meeting",
        "Улан-Удэ, площадь Советов",
        150,
        "Жёны мобилизованных Бурятии",
        "refused",
        "place_prohibited",
        "",
    ),
    ("march", "Екатеринбург, проспект Ленина", 500, "Родные мобилизованных Урала", "", "", ""),
]


@transaction.atomic
def accountability_demo_load(*, stdout=None) -> None:
    if EventNotice.objects.exists():
        return
    rng = random.Random(2024)  # noqa: S311 - demo data, not secrets
    answered = list(
        Address.objects.filter(
            status=Address.Status.ANSWERED, merged_into__isnull=True
        ).values_list("pk", "answered_at")
    )
    choices, weights = zip(*VERDICT_WEIGHTS.items(), strict=True)
    for pk, answered_at in answered:
        if rng.random() < VERDICT_SHARE:
            verdict = rng.choices(choices, weights)[0]
            Address.objects.filter(pk=pk).update(
                verdict=verdict, verdict_at=answered_at + timedelta(days=rng.uniform(1, 10))
            )
    president = Addressee.objects.get(slug="president")
    office = get_user_model().objects.filter(username="president-office").first()
    today = timezone.localtime(clock.now()).date()
    for index, (form, place, count, group, outcome, ground, proposal) in enumerate(NOTICES):
        address, _code = services.event_notice_send(
            addressee=president,
            form=form,
            purpose="За демобилизацию мобилизованных и ограничение срока службы",
            event_date=today + timedelta(days=12 + index),
            starts_at=time(12),
            ends_at=time(14),
            place=place,
            participants=count,
            organising_group=group,
            organiser_name="Организатор (демо)",
            email=f"organiser{index}@example.org",
            language="ru",
        )
        if outcome and office is not None:
            services.event_notice_answer(
                address=address,
                actor=office,
                outcome=outcome,
                ground=ground,
                proposal=proposal,
                reasons="Ответ подготовлен в демонстрационных целях.",
                office="Администрация (демо)",
            )
    if stdout is not None:
        stdout.write(f"Verdicts on answered addresses, {len(NOTICES)} public-event notices.\n")
