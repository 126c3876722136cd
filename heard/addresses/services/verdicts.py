"""After the answer, the applicant's word on it; when the answer is late or empty, the next step
their law gives, with a complaint they can send here as a new address linked to the first."""

from datetime import timedelta

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from heard.addresses import codes
from heard.addresses.models import Address, Verdict
from heard.addresses.services.common import guard, locked, notify
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError

# (reminder number, days after the answer): the first after 3 days, the last after 10.
REMINDERS = ((1, 3), (2, 10))
CHUNK = 500


@transaction.atomic
def address_verdict(*, address: Address, verdict: str) -> Address:
    """The applicant classifies the answer (they may change their mind; each word is audited).
    "No real answer" tells them their next step, with a complaint ready to send."""
    if verdict not in Verdict.values:
        raise DomainError(_("Choose one of the four answers."), code="invalid_verdict")
    address = locked(address)
    guard(
        address,
        (Address.Status.ANSWERED,),
        _("Only an answer can be judged; address %(number)s is %(state)s."),
    )
    previous = address.verdict
    address.verdict = verdict
    address.verdict_at = clock.now()
    address.save(update_fields=["verdict", "verdict_at"])
    audit_record(
        subject=address,
        verb="verdict",
        actor_role="applicant",
        data={"verdict": verdict, "previous": previous},
        public=True,
    )
    if verdict == Verdict.NO_REAL_ANSWER and previous != verdict:
        notify(address, "next_steps")
    return address


def addresses_verdict_remind(*, limit: int = CHUNK) -> int:
    """Ask applicants who have not judged their answer, after 3 days and again after 10."""
    now = clock.now()
    sent = 0
    for number, days in REMINDERS:
        due = Address.objects.filter(
            status=Address.Status.ANSWERED,
            verdict="",
            verdict_reminders=number - 1,
            answered_at__lte=now - timedelta(days=days),
        ).exclude(email="")
        for pk in due.order_by("answered_at").values_list("pk", flat=True)[:limit]:
            with transaction.atomic():
                address = Address.objects.select_for_update().get(pk=pk)
                if address.verdict or address.verdict_reminders != number - 1:
                    continue
                address.verdict_reminders = number
                address.save(update_fields=["verdict_reminders"])
                notify(address, "verdict_reminder")
                sent += 1
    return sent


def addresses_overdue_notify(*, limit: int = CHUNK) -> int:
    """Tell each applicant once, the day their answer is overdue, what their next step is."""
    overdue = Address.objects.filter(
        status__in=Address.IN_PROGRESS,
        answer_due_at__lt=clock.now(),
        overdue_notified_at__isnull=True,
    ).exclude(email="")
    told = 0
    for pk in overdue.order_by("answer_due_at").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            address = Address.objects.select_for_update().get(pk=pk)
            if address.overdue_notified_at is not None:
                continue
            address.overdue_notified_at = clock.now()
            address.save(update_fields=["overdue_notified_at"])
            audit_record(subject=address, verb="overdue_notified")
            notify(address, "overdue")
            told += 1
    return told


def next_steps_text(*, addressee, language: str) -> str:
    """The addressee's own text of the next steps (a setting per addressee: other countries,
    other laws), or the steps 59-FZ gives."""
    policy = codes.policy_for(addressee)
    own = policy.next_steps_en if language == "en" else policy.next_steps_ru
    if own.strip():
        return own.strip()
    with translation.override(language):
        return _(
            "1. Complain to the head of %(name)s: the complaint below is registered here as a "
            "new address, linked to this one, and has its own 30-day term (59-FZ, articles 8 "
            "and 12).\n"
            "2. Complain to the body above %(name)s, or to the official who oversees it.\n"
            "3. Complain to the prosecutor's office, which supervises how state bodies keep "
            "the law on addresses, or go to court (Code of Administrative Procedure, "
            "chapter 22)."
        ) % {"name": addressee.name}


def complaint_text(*, address: Address, language: str) -> str:
    """A complaint prefilled from the facts of the first address; the applicant edits it."""
    with translation.override(language):
        facts = {
            "number": address.number,
            "name": address.addressee.name,
            "received": address.received_at.date().isoformat(),
            "due": address.answer_due_at.date().isoformat() if address.answer_due_at else "—",
        }
        if address.status == Address.Status.ANSWERED:
            return (
                _(
                    "On %(received)s I sent an address to %(name)s, registered under number "
                    "%(number)s. The answer I received does not address my question. I ask you to "
                    "consider my address on the merits and to answer it, as 59-FZ requires."
                )
                % facts
            )
        return (
            _(
                "On %(received)s I sent an address to %(name)s, registered under number "
                "%(number)s. The answer was due by %(due)s and I have not received it. I ask you "
                "to have my address answered and to take measures against the breach of the term "
                "set by 59-FZ."
            )
            % facts
        )


def complaint_allowed(address: Address) -> bool:
    """A complaint is offered when the answer is overdue, or the applicant says it is empty."""
    if address.status == Address.Status.ANSWERED:
        return address.verdict == Verdict.NO_REAL_ANSWER
    return address.status in Address.IN_PROGRESS and bool(address.answer_days_late)
