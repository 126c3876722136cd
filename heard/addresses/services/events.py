"""Notices of public events (54-FZ): sent 10 to 15 days before the event, answered within 3
days with one of a closed list of outcomes; a public register shows every notice and answer,
and never the organiser's name or contacts."""

from datetime import date, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.addresses import codes
from heard.addresses.models import Address, EventNotice
from heard.addresses.services.handling import address_answer
from heard.addresses.services.intake import address_receive
from heard.core import clock
from heard.core.errors import DomainError
from heard.offices.models import Addressee


def _check_window(*, addressee: Addressee, event_date: date) -> None:
    policy = codes.policy_for(addressee)
    today = timezone.localtime(clock.now()).date()
    ahead = (event_date - today).days
    if not policy.event_notice_min_days <= ahead <= policy.event_notice_max_days:
        raise DomainError(
            _(
                "A notice is sent from %(most)d to %(least)d days before the event: for "
                "%(date)s, between %(first)s and %(last)s."
            )
            % {
                "most": policy.event_notice_max_days,
                "least": policy.event_notice_min_days,
                "date": event_date.isoformat(),
                "first": date.fromordinal(
                    event_date.toordinal() - policy.event_notice_max_days
                ).isoformat(),
                "last": date.fromordinal(
                    event_date.toordinal() - policy.event_notice_min_days
                ).isoformat(),
            },
            code="notice_window",
        )


@transaction.atomic
def event_notice_send(
    *,
    addressee: Addressee,
    form: str,
    purpose: str,
    event_date: date,
    starts_at: time,
    ends_at: time,
    place: str,
    participants: int,
    organising_group: str,
    organiser_name: str,
    email: str = "",
    postal_address: str = "",
    language: str = "ru",
    channel: str = Address.Channel.WEB,
    confirm_email: bool = False,
    held_by: str = "",
    ip_hash: str = "",
) -> tuple[Address, str]:
    """Register the notice as an address of its own kind; the register shows it at once."""
    if form not in EventNotice.Form.values:
        raise DomainError(_("Choose the form of the event from the list."), code="invalid_form")
    if ends_at <= starts_at:
        raise DomainError(_("The event must end after it starts."), code="invalid_time")
    if participants < 1:
        raise DomainError(_("Give the expected number of participants."), code="invalid_number")
    if not organiser_name.strip():
        raise DomainError(_("The law requires the organiser's name."), code="organiser_required")
    if not (email or postal_address):
        raise DomainError(
            _("Give an e-mail or a postal address for the answer."), code="contact_required"
        )
    _check_window(addressee=addressee, event_date=event_date)
    text = _(
        "Notice of a public event (%(form)s). Purpose: %(purpose)s. Date: %(date)s, from "
        "%(start)s to %(end)s. Place or route: %(place)s. Expected participants: %(count)d. "
        "Organising group: %(group)s."
    ) % {
        "form": EventNotice.Form(form).label,
        "purpose": purpose.strip(),
        "date": event_date.isoformat(),
        "start": starts_at.strftime("%H:%M"),
        "end": ends_at.strftime("%H:%M"),
        "place": place.strip(),
        "count": participants,
        "group": organising_group.strip(),
    }
    address, code = address_receive(
        addressee=addressee,
        text=text,
        kind=Address.Kind.EVENT_NOTICE,
        channel=channel,
        applicant_name=organiser_name,
        email=email,
        postal_address=postal_address,
        language=language,
        confirm_email=confirm_email,
        held_by=held_by,
        ip_hash=ip_hash,
    )
    EventNotice.objects.create(
        address=address,
        form=form,
        purpose=purpose.strip()[:500],
        event_date=event_date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip()[:500],
        participants=participants,
        organising_group=organising_group.strip()[:200],
    )
    return address, code


@transaction.atomic
def event_notice_answer(
    *,
    address: Address,
    actor,
    outcome: str,
    office: str,
    reasons: str = "",
    ground: str = "",
    proposal: str = "",
) -> Address:
    """Answer with one of the outcomes the law allows; a refusal names one of its grounds."""
    notice = EventNotice.objects.select_for_update().get(address=address)
    reasons = (reasons or "").strip()
    if outcome not in EventNotice.Outcome.values:
        raise DomainError(_("Choose the outcome from the list."), code="invalid_outcome")
    if outcome == EventNotice.Outcome.REFUSED and ground not in EventNotice.Ground.values:
        raise DomainError(
            _("A refusal must name one of the grounds the law gives."), code="ground_required"
        )
    if outcome == EventNotice.Outcome.CHANGE_PROPOSED and not (proposal.strip() and reasons):
        raise DomainError(
            _("Propose the other place or time and give the reasons."), code="proposal_required"
        )
    if outcome == EventNotice.Outcome.REFUSED and not reasons:
        raise DomainError(_("Give the reasons for the refusal."), code="reasons_required")
    parts = [EventNotice.Outcome(outcome).label]
    if outcome == EventNotice.Outcome.REFUSED:
        parts.append(EventNotice.Ground(ground).label)
    if proposal.strip():
        parts.append(_("Proposed: %(proposal)s") % {"proposal": proposal.strip()})
    if reasons:
        parts.append(reasons)
    text = "\n\n".join(str(part) for part in parts)
    address = address_answer(address=address, actor=actor, text=text, office=office)
    notice.outcome = outcome
    notice.ground = ground if outcome == EventNotice.Outcome.REFUSED else ""
    notice.reasons = reasons[:5000]
    notice.proposal = proposal.strip()[:500]
    notice.save(update_fields=["outcome", "ground", "reasons", "proposal"])
    return address
