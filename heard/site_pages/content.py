"""What the rules and privacy pages say, built from the models and settings that do it."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from heard.addresses.models import Address
from heard.appeals.models import Appeal
from heard.offices.models import Addressee

Code = Appeal.RejectionCode

# What each rejection code means to an initiator; every code must have one
# (tests/site_pages/test_pages.py checks it against Appeal.RejectionCode).
REJECTION_MEANINGS: dict[str, Promise] = {
    Code.DUPLICATE: _(
        "An open appeal already asks for the same thing of the same addressee. Sign that one "
        "instead: one appeal with all the signatures weighs more than several with a few each."
    ),
    Code.IRRELEVANT: _(
        "The text asks nothing of the addressee: it is a statement, a question to the public, "
        "news or a story, not a request that the addressee could grant or refuse."
    ),
    Code.OUTSIDE_COMPETENCE: _(
        "What it asks is not for this addressee to decide. Send it to the body that decides it; "
        "moderators say which one in the public reason when they know."
    ),
    Code.OFFENSIVE: _(
        "It contains insults, obscene language, threats or calls to violence or hatred against "
        "anyone."
    ),
    Code.DEFAMATORY: _(
        "It states as fact something damaging about a named person or organisation that it "
        "does not support."
    ),
    Code.PERSONAL_DATA: _(
        "It names private people or gives their contact details, health or other personal "
        "details. Officials acting in office may be named."
    ),
    Code.ADVERTISING: _(
        "It promotes a product, a service, a business or a fundraiser, or it is spam."
    ),
}


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    meaning: str
    text_hidden: bool


def rejection_rules() -> list[Rule]:
    return [
        Rule(
            code=code.value,
            label=code.label,
            meaning=REJECTION_MEANINGS[code.value],
            text_hidden=code in Appeal.HIDDEN_TEXT_CODES,
        )
        for code in Code
    ]


def address_grounds() -> list[tuple[str, str]]:
    """The closed list of grounds to leave an individual address without an answer."""
    return [(ground.value, ground.label) for ground in Address.Ground]


def addressee_terms() -> list[Addressee]:
    """Every addressee's own figures: sponsors, thresholds, the days to respond."""
    return list(Addressee.objects.order_by("name"))


def retention() -> dict[str, int]:
    """The figures the privacy page quotes, read from the settings that the jobs obey."""
    return {
        "signer_days": settings.HEARD_SIGNER_RETENTION_DAYS,
        "outbox_days": settings.HEARD_OUTBOX_KEEP_DAYS,
        "task_days": settings.HEARD_TASK_RESULTS_KEEP_DAYS,
        "idempotency_hours": settings.HEARD_IDEMPOTENCY_HOURS,
        "staff_idle_minutes": settings.HEARD_STAFF_SESSION_IDLE_SECONDS // 60,
        "address_confirm_hours": settings.HEARD_ADDRESS_CONFIRM_HOURS,
        "moderation_days": settings.HEARD_MODERATION_TARGET_DAYS,
    }
