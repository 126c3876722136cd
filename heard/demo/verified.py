"""Demo data for verified identity (issue 17): an addressee that asks for a verified identity
both to sign its appeals and to write to it, with one open appeal. `make demo` runs the demo
OpenID provider beside the site (README, "Verified identity")."""

from datetime import timedelta

from django.db import transaction

from heard.appeals.models import Appeal
from heard.core import clock
from heard.demo.appeals import _appeal_through, _staff
from heard.offices.models import Addressee, AddressIdentity, SigningIdentity, StaffRole

SLUG = "verified-demo"


@transaction.atomic
def identity_demo_load(*, stdout=None) -> bool:
    """Load once; returns False if it was there already."""
    if Addressee.objects.filter(slug=SLUG).exists():
        return False
    addressee = Addressee.objects.create(
        slug=SLUG,
        name="Городская приёмная (демо: подтверждённая личность)",
        description="Принимает обращения и подписи только от людей, подтвердивших личность.",
        sponsors_required=1,
        address_identity=AddressIdentity.VERIFIED,
        signing_identity=SigningIdentity.VERIFIED,
    )
    moderator = _staff("moderator")
    StaffRole.objects.get_or_create(user=moderator, role=StaffRole.Role.MODERATOR)
    _appeal_through(
        Appeal.Status.OPEN,
        addressee=addressee,
        moderator=moderator,
        created=clock.now() - timedelta(days=3),
        title="Освещение на пешеходном переходе у школы № 12",
        demands=["Установить фонари над переходом", "Нанести разметку до 1 сентября"],
        text="Переход у школы не освещён, а дети идут по нему в темноте с ноября по февраль.",
        group_name="Родители учеников школы № 12",
        initiator_email="parents-12@example.org",
        initiator_name="Анна Родионова",
    )
    if stdout is not None:
        stdout.write(
            "Verified identity: sign the appeal to 'verified-demo' or write to it at\n"
            f"  /addresses/new/?to={SLUG} (demo provider user demo or demo2, password heard-demo)\n"
        )
    return True
