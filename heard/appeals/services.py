"""Writes to appeals: each transition checks its guard, sets the state with its timestamp and
writes an audit event in one transaction; e-mail goes out after commit."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.appeals import mails
from heard.appeals.models import Appeal, AppealResponse
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import PermissionDenied, TransitionNotAllowed
from heard.offices import rules
from heard.offices.models import Addressee
from heard.signatures.models import Signature


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().select_related("addressee").get(pk=appeal.pk)


def _guard(appeal: Appeal, allowed, message: str) -> None:
    """`message` is a whole sentence with a %(state)s placeholder, so translators see it whole."""
    if appeal.status not in allowed:
        raise TransitionNotAllowed(message % {"state": appeal.get_status_display()})


@transaction.atomic
def appeal_create(
    *,
    addressee: Addressee,
    title: str,
    demands: list[str],
    text: str,
    group_name: str,
    video_url: str = "",
    telegram_url: str = "",
    document_url: str = "",
) -> Appeal:
    """A draft. Its initiator's own signature, which they confirm by e-mail, is made with it in
    the same transaction by heard.signatures.initiators.appeal_start, the one caller."""
    appeal = Appeal.objects.create(
        addressee=addressee,
        title=title,
        demands=demands,
        text=text,
        group_name=group_name,
        video_url=video_url,
        telegram_url=telegram_url,
        document_url=document_url,
        created_at=clock.now(),
    )
    audit_record(subject=appeal, verb="created", actor_role="initiator")
    return appeal


@transaction.atomic
def appeal_validate(*, appeal: Appeal) -> Appeal:
    """The initiator confirmed their e-mail: gather sponsors (or straight to moderation)."""
    appeal = _locked(appeal)
    _guard(
        appeal,
        (Appeal.Status.DRAFT,),
        _("Only a draft can be confirmed by its initiator; this appeal is %(state)s."),
    )
    appeal.status = Appeal.Status.GATHERING_SPONSORS
    appeal.validated_at = clock.now()
    appeal.save(update_fields=["status", "validated_at"])
    audit_record(subject=appeal, verb="validated", actor_role="initiator")
    appeal_initiator_links_queue(appeal=appeal)
    if appeal.addressee.sponsors_required == 0:
        appeal = appeal_submit_for_moderation(appeal=appeal)
    return appeal


def appeal_initiator_links_queue(*, appeal: Appeal) -> None:
    """Queue the initiator's links in the outbox, in the caller's transaction."""
    from heard.appeals.mails import initiator_links_mail

    creator = appeal.signatures.filter(role=Signature.Role.CREATOR).first()
    if creator is not None:
        initiator_links_mail(appeal=appeal, email=creator.email, language=creator.language)


def appeal_sponsor_count(appeal: Appeal) -> int:

    return appeal.signatures.filter(
        role=Signature.Role.SPONSOR, status=Signature.Status.CONFIRMED
    ).count()


@transaction.atomic
def appeal_submit_for_moderation(*, appeal: Appeal) -> Appeal:
    appeal = _locked(appeal)
    _guard(
        appeal,
        (Appeal.Status.GATHERING_SPONSORS,),
        _("Only an appeal gathering sponsors can go to moderation; this one is %(state)s."),
    )
    needed = appeal.addressee.sponsors_required
    if appeal_sponsor_count(appeal) < needed:
        raise TransitionNotAllowed(
            _("The appeal needs %(count)d confirmed sponsors before moderation.")
            % {"count": needed}
        )
    appeal.status = Appeal.Status.AWAITING_MODERATION
    appeal.moderation_requested_at = clock.now()
    appeal.save(update_fields=["status", "moderation_requested_at"])
    audit_record(subject=appeal, verb="sent_to_moderation")
    return appeal


@transaction.atomic
def appeal_publish(*, appeal: Appeal, moderator) -> Appeal:
    if not rules.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can publish appeals."))
    appeal = _locked(appeal)
    _guard(
        appeal,
        (Appeal.Status.AWAITING_MODERATION,),
        _("Only an appeal awaiting moderation can be published; this one is %(state)s."),
    )
    now = clock.now()
    appeal.status = Appeal.Status.OPEN
    appeal.opened_at = now
    appeal.closes_at = now + timedelta(days=appeal.addressee.signing_period_days)
    appeal.save(update_fields=["status", "opened_at", "closes_at"])
    audit_record(subject=appeal, verb="published", actor=moderator, public=True)
    mails.initiator_mail(appeal=appeal, event="published")
    # The initiator's and sponsors' signatures already count; they may have passed a threshold.
    return appeal_thresholds_record(appeal=appeal, count=appeal.signature_count)


@transaction.atomic
def appeal_reject(*, appeal: Appeal, moderator, code: str, details: str = "") -> Appeal:
    if not rules.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can reject appeals."))
    if code not in Appeal.RejectionCode.values:
        raise TransitionNotAllowed(_("Choose a reason for the rejection from the list."))
    appeal = _locked(appeal)
    _guard(appeal, Appeal.REJECTABLE, _("This appeal cannot be rejected: it is %(state)s."))
    appeal.status = Appeal.Status.REJECTED
    appeal.rejected_at = clock.now()
    appeal.rejection_code = code
    appeal.rejection_details = details
    appeal.save(update_fields=["status", "rejected_at", "rejection_code", "rejection_details"])
    audit_record(subject=appeal, verb="rejected", actor=moderator, data={"code": code}, public=True)
    mails.initiator_mail(appeal=appeal, event="rejected")
    return appeal


@transaction.atomic
def appeal_withdraw(*, appeal: Appeal, manage_token: str) -> Appeal:
    appeal = _locked(appeal)
    if not manage_token or manage_token != appeal.manage_token:
        raise PermissionDenied(_("Only the initiator can withdraw this appeal."))
    _guard(appeal, Appeal.WITHDRAWABLE, _("This appeal cannot be withdrawn: it is %(state)s."))
    appeal.status = Appeal.Status.WITHDRAWN
    appeal.withdrawn_at = clock.now()
    appeal.save(update_fields=["status", "withdrawn_at"])
    audit_record(subject=appeal, verb="withdrawn", actor_role="initiator")
    return appeal


@transaction.atomic
def appeal_close(*, appeal: Appeal) -> Appeal:
    """The signing period is over (run by the periodic job)."""
    appeal = _locked(appeal)
    _guard(
        appeal,
        (Appeal.Status.OPEN,),
        _("Only an open appeal can be closed; this one is %(state)s."),
    )
    now = clock.now()
    if appeal.closes_at and appeal.closes_at > now:
        raise TransitionNotAllowed(_("The signing period of this appeal is not over yet."))
    appeal.status = Appeal.Status.CLOSED
    appeal.closed_at = now
    appeal.save(update_fields=["status", "closed_at"])
    audit_record(subject=appeal, verb="closed", public=True)
    _milestone(appeal, "closed")
    return appeal


def appeals_close_expired() -> int:
    closed = 0
    due = Appeal.objects.filter(status=Appeal.Status.OPEN, closes_at__lte=clock.now())
    for appeal in due.only("pk"):
        appeal_close(appeal=appeal)
        closed += 1
    return closed


@transaction.atomic
def appeal_thresholds_record(*, appeal: Appeal, count: int) -> Appeal:
    """Record the thresholds the (batched) count has passed; each is recorded once."""
    appeal = _locked(appeal)
    if appeal.status not in Appeal.PUBLISHED:
        return appeal
    now = clock.now()
    policy = appeal.addressee
    if appeal.response_threshold_reached_at is None and count >= policy.response_threshold:
        appeal.response_threshold_reached_at = now
        appeal.response_due_at = now + timedelta(days=policy.response_days)
        appeal.save(update_fields=["response_threshold_reached_at", "response_due_at"])
        audit_record(
            subject=appeal, verb="response_threshold_reached", data={"count": count}, public=True
        )
        _milestone(appeal, "threshold")
    if (
        appeal.consideration_threshold_reached_at is None
        and count >= policy.consideration_threshold
    ):
        appeal.consideration_threshold_reached_at = now
        appeal.save(update_fields=["consideration_threshold_reached_at"])
        audit_record(
            subject=appeal,
            verb="consideration_threshold_reached",
            data={"count": count},
            public=True,
        )
    return appeal


@transaction.atomic
def appeal_respond(
    *, appeal: Appeal, responder, text: str, responded_on: date, office: str
) -> AppealResponse:
    from heard.appeals.tasks import appeal_signers_notify

    if not rules.can_respond_for(responder, appeal.addressee):
        raise PermissionDenied(_("Only a responder of this addressee can publish its response."))
    appeal = _locked(appeal)
    _guard(
        appeal,
        Appeal.PUBLISHED,
        _("Only a published appeal can be answered; this one is %(state)s."),
    )
    if appeal.response_threshold_reached_at is None:
        raise TransitionNotAllowed(_("This appeal has not reached its response threshold."))
    if appeal.responded_at is not None:
        raise TransitionNotAllowed(_("This appeal already has a response."))
    if not text.strip() or not office.strip():
        raise TransitionNotAllowed(_("A response needs its text and the office that gives it."))
    # Staff write the date as it is where the site is (settings.TIME_ZONE), not in UTC.
    if responded_on > timezone.localdate(clock.now()):
        raise TransitionNotAllowed(_("The date of the response cannot be in the future."))
    now = clock.now()
    response = AppealResponse.objects.create(
        appeal=appeal,
        text=text,
        responded_on=responded_on,
        office=office,
        published_at=now,
        author=responder,
    )
    appeal.responded_at = now
    appeal.save(update_fields=["responded_at"])
    audit_record(subject=appeal, verb="responded", actor=responder, public=True)
    # A task row in this transaction (the database queue): the fan-out to the signers is not
    # lost if the process stops right after the commit.
    appeal_signers_notify.enqueue(appeal_id=appeal.pk, milestone="responded", after_id=0)
    return response


def _milestone(appeal: Appeal, milestone: str) -> None:
    """Tell the initiator and, through a fan-out task queued in this transaction, the signers
    who asked for news (decision 0511)."""
    from heard.appeals.tasks import appeal_signers_notify

    mails.initiator_mail(appeal=appeal, event=milestone)
    appeal_signers_notify.enqueue(appeal_id=appeal.pk, milestone=milestone, after_id=0)


def appeals_overdue_notify(*, limit: int = 200) -> int:
    """Each appeal whose response is overdue is announced once to its initiator and signers."""
    from heard.appeals.selectors import AWAITING

    due = Appeal.objects.filter(
        AWAITING, response_due_at__lt=clock.now(), overdue_notified_at__isnull=True
    )
    told = 0
    for pk in due.values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().get(pk=pk)
            if appeal.overdue_notified_at is not None or appeal.responded_at is not None:
                continue
            appeal.overdue_notified_at = clock.now()
            appeal.save(update_fields=["overdue_notified_at"])
            audit_record(subject=appeal, verb="response_overdue", public=True)
            _milestone(appeal, "overdue")
            told += 1
    return told


def appeals_moderation_late(*, now=None):
    """Appeals waiting for moderation longer than the published target, the longest first."""
    now = now or clock.now()
    return Appeal.objects.filter(
        status=Appeal.Status.AWAITING_MODERATION,
        moderation_requested_at__lt=now - timedelta(days=settings.HEARD_MODERATION_TARGET_DAYS),
    ).order_by("moderation_requested_at")


def appeals_moderation_late_notify(*, limit: int = 200) -> int:
    """Tell each initiator once that moderation takes longer than its target."""
    told = 0
    late = appeals_moderation_late().filter(moderation_late_notified_at__isnull=True)
    for pk in late.values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().get(pk=pk)
            if appeal.moderation_late_notified_at is not None:
                continue
            appeal.moderation_late_notified_at = clock.now()
            appeal.save(update_fields=["moderation_late_notified_at"])
            mails.initiator_mail(appeal=appeal, event="moderation_late")
            told += 1
    return told
