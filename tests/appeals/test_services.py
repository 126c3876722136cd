from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.core.audit import audit_events_for
from heard.core.errors import PermissionDenied, TransitionNotAllowed
from heard.signatures.models import Signature
from tests import factories

pytestmark = pytest.mark.django_db

Status = Appeal.Status


def verbs(appeal: Appeal) -> list[str]:
    return list(audit_events_for(subject=appeal).values_list("verb", flat=True))


def respond(appeal: Appeal, responder, **overrides):
    values = {"text": "We have read it.", "responded_on": date.today(), "office": "Ministry"}
    return services.appeal_respond(appeal=appeal, responder=responder, **(values | overrides))


# Creation and the initiator's confirmation


def test_created_appeal_is_a_draft_and_mails_the_initiator_a_confirmation_link():
    appeal = factories.draft_appeal(initiator_email="Founder@Example.org")

    assert appeal.status == Status.DRAFT
    assert verbs(appeal) == ["created"]
    [message] = mail.outbox
    assert message.to == ["founder@example.org"]
    creator = factories.creator_signature(appeal)
    assert reverse("signatures:confirm", kwargs={"pk": creator.pk, "token": creator.token}) in (
        message.body
    )


def test_initiator_confirmation_starts_gathering_sponsors_and_mails_both_links():
    appeal = factories.draft_appeal()
    mail.outbox.clear()

    appeal = factories.appeal_in(Status.GATHERING_SPONSORS, to=appeal.addressee)

    assert appeal.status == Status.GATHERING_SPONSORS
    assert appeal.validated_at is not None
    assert "validated" in verbs(appeal)
    links = mail.outbox[-1].body
    assert appeal.sponsor_token in links and appeal.manage_token in links


def test_validating_twice_is_refused():
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)

    with pytest.raises(TransitionNotAllowed):
        services.appeal_validate(appeal=appeal)


# Sponsors


def test_enough_confirmed_sponsors_send_the_appeal_to_moderation():
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)
    factories.sign(appeal, role=Signature.Role.SPONSOR)
    factories.sign(appeal, role=Signature.Role.SPONSOR, confirm=False)
    appeal.refresh_from_db()
    assert appeal.status == Status.GATHERING_SPONSORS

    factories.sign(appeal, role=Signature.Role.SPONSOR)
    appeal.refresh_from_db()

    assert appeal.status == Status.AWAITING_MODERATION
    assert appeal.moderation_requested_at is not None
    assert "sent_to_moderation" in verbs(appeal)


def test_without_sponsors_required_the_confirmed_appeal_goes_straight_to_moderation():
    appeal = factories.appeal_in(
        Status.GATHERING_SPONSORS, to=factories.addressee(sponsors_required=0)
    )

    assert appeal.status == Status.AWAITING_MODERATION
    assert verbs(appeal) == ["created", "validated", "sent_to_moderation"]


def test_submitting_for_moderation_without_enough_sponsors_is_refused():
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)

    with pytest.raises(TransitionNotAllowed, match="2 confirmed sponsors"):
        services.appeal_submit_for_moderation(appeal=appeal)


def test_a_sponsor_who_confirms_after_publication_still_signs():
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)
    late = factories.sign(appeal, role=Signature.Role.SPONSOR, confirm=False)
    factories.sign(appeal, role=Signature.Role.SPONSOR)
    factories.sign(appeal, role=Signature.Role.SPONSOR)
    services.appeal_publish(appeal=appeal, moderator=factories.moderator())
    counted = Appeal.objects.get(pk=appeal.pk).signature_count

    factories.signature_services.signature_confirm(signature=late)

    assert Appeal.objects.get(pk=appeal.pk).signature_count == counted + 1


# Moderation


def test_moderator_publishes_and_the_signing_period_starts():
    appeal = factories.appeal_in(Status.AWAITING_MODERATION)

    appeal = services.appeal_publish(appeal=appeal, moderator=factories.moderator())

    assert appeal.status == Status.OPEN
    assert appeal.closes_at - appeal.opened_at == timedelta(
        days=appeal.addressee.signing_period_days
    )
    assert "published" in verbs(appeal)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.GATHERING_SPONSORS, Status.OPEN])
def test_publishing_outside_moderation_is_refused(status):
    appeal = factories.appeal_in(status)

    with pytest.raises(TransitionNotAllowed):
        services.appeal_publish(appeal=appeal, moderator=factories.moderator())


def test_publishing_needs_a_moderator():
    appeal = factories.appeal_in(Status.AWAITING_MODERATION)

    with pytest.raises(PermissionDenied):
        services.appeal_publish(appeal=appeal, moderator=factories.responder(appeal.addressee))
    assert Appeal.objects.get(pk=appeal.pk).status == Status.AWAITING_MODERATION


@pytest.mark.parametrize("code", Appeal.RejectionCode.values)
def test_moderator_rejects_with_each_public_reason(code, client):
    appeal = factories.appeal_in(Status.AWAITING_MODERATION, text="The SECRET manifesto")

    appeal = services.appeal_reject(
        appeal=appeal, moderator=factories.moderator(), code=code, details="See the rules."
    )

    assert appeal.status == Status.REJECTED
    assert appeal.rejected_at is not None
    assert "rejected" in verbs(appeal)
    page = client.get(appeal.get_absolute_url()).content.decode()
    api = client.get(reverse("api-v1:appeal_detail", kwargs={"appeal_id": appeal.pk})).json()
    assert api["rejection_code"] == code
    assert escape(str(Appeal.RejectionCode(code).label)) in page
    hidden = code in Appeal.HIDDEN_TEXT_CODES
    assert ("SECRET" not in page) is hidden
    assert (api["text"] is None and api["demands"] is None) is hidden


def test_rejecting_with_an_unknown_reason_is_refused():
    appeal = factories.appeal_in(Status.AWAITING_MODERATION)

    with pytest.raises(TransitionNotAllowed):
        services.appeal_reject(appeal=appeal, moderator=factories.moderator(), code="boring")
    assert Appeal.objects.get(pk=appeal.pk).status == Status.AWAITING_MODERATION


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REJECTED, Status.WITHDRAWN])
def test_rejecting_outside_review_is_refused(status):
    appeal = factories.appeal_in(status)

    with pytest.raises(TransitionNotAllowed):
        services.appeal_reject(appeal=appeal, moderator=factories.moderator(), code="duplicate")


def test_rejecting_needs_a_moderator():
    appeal = factories.appeal_in(Status.AWAITING_MODERATION)

    with pytest.raises(PermissionDenied):
        services.appeal_reject(appeal=appeal, moderator=factories.user(), code="duplicate")


# Withdrawal


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.GATHERING_SPONSORS, Status.AWAITING_MODERATION]
)
def test_initiator_withdraws_before_publication(status):
    appeal = factories.appeal_in(status)

    appeal = services.appeal_withdraw(appeal=appeal, manage_token=appeal.manage_token)

    assert appeal.status == Status.WITHDRAWN
    assert appeal.withdrawn_at is not None
    assert verbs(appeal)[-1] == "withdrawn"


@pytest.mark.parametrize("status", [Status.OPEN, Status.REJECTED, Status.CLOSED])
def test_withdrawing_after_publication_or_rejection_is_refused(status):
    appeal = factories.appeal_in(status)

    with pytest.raises(TransitionNotAllowed):
        services.appeal_withdraw(appeal=appeal, manage_token=appeal.manage_token)


@pytest.mark.parametrize("token", ["", "forged", None])
def test_withdrawing_needs_the_manage_token(token):
    appeal = factories.appeal_in(Status.GATHERING_SPONSORS)

    with pytest.raises(PermissionDenied):
        services.appeal_withdraw(appeal=appeal, manage_token=token)
    assert Appeal.objects.get(pk=appeal.pk).status == Status.GATHERING_SPONSORS


# Closing


def test_closing_before_the_signing_period_ends_is_refused(move_time):
    appeal = factories.appeal_in(Status.OPEN)
    move_time(timedelta(days=appeal.addressee.signing_period_days - 1))

    with pytest.raises(TransitionNotAllowed):
        services.appeal_close(appeal=appeal)
    assert services.appeals_close_expired() == 0


def test_appeal_closes_once_the_signing_period_is_over(move_time):
    appeal = factories.appeal_in(Status.OPEN)
    move_time(timedelta(days=appeal.addressee.signing_period_days, seconds=1))

    assert services.appeals_close_expired() == 1

    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED
    assert appeal.closed_at is not None
    assert verbs(appeal)[-1] == "closed"
    with pytest.raises(TransitionNotAllowed):
        services.appeal_close(appeal=appeal)


# Thresholds


def test_response_threshold_is_recorded_once_with_its_due_date():
    appeal = factories.appeal_in(Status.OPEN, to=factories.addressee(response_threshold=5))
    factories.sign(appeal)
    appeal.refresh_from_db()
    assert appeal.response_threshold_reached_at is None

    factories.sign(appeal)
    appeal.refresh_from_db()
    reached = appeal.response_threshold_reached_at
    assert reached is not None
    assert appeal.response_due_at == reached + timedelta(days=appeal.addressee.response_days)

    factories.sign(appeal)
    appeal.refresh_from_db()
    assert appeal.response_threshold_reached_at == reached
    assert verbs(appeal).count("response_threshold_reached") == 1


def test_consideration_threshold_is_recorded_once():
    appeal = factories.appeal_in(
        Status.OPEN, to=factories.addressee(response_threshold=3, consideration_threshold=5)
    )
    for _ in range(4):
        factories.sign(appeal)
    appeal.refresh_from_db()

    assert appeal.consideration_threshold_reached_at is not None
    assert verbs(appeal).count("consideration_threshold_reached") == 1


def test_an_appeal_published_with_enough_signatures_reaches_its_threshold_at_once():
    appeal = factories.appeal_in(Status.OPEN, to=factories.addressee(response_threshold=3))

    assert appeal.signature_count == 3
    assert Appeal.objects.get(pk=appeal.pk).response_threshold_reached_at is not None


def test_unconfirmed_signatures_do_not_reach_a_threshold():
    appeal = factories.appeal_in(Status.OPEN, to=factories.addressee(response_threshold=5))
    for _ in range(3):
        factories.sign(appeal, confirm=False)

    assert Appeal.objects.get(pk=appeal.pk).response_threshold_reached_at is None


# Responses


def test_responder_of_the_addressee_publishes_the_response_once():
    appeal = factories.appeal_past_response_threshold()
    responder = factories.responder(appeal.addressee)

    response = respond(appeal, responder, text="Answer", office="Press office")

    appeal.refresh_from_db()
    assert appeal.responded_at == response.published_at
    assert "responded" in verbs(appeal)
    with pytest.raises(TransitionNotAllowed, match="already"):
        respond(appeal, responder)


def test_responding_before_the_threshold_is_refused():
    appeal = factories.appeal_in(Status.OPEN, to=factories.addressee(response_threshold=50))

    with pytest.raises(TransitionNotAllowed, match="threshold"):
        respond(appeal, factories.responder(appeal.addressee))


def test_only_a_responder_of_that_addressee_or_an_administrator_may_respond():
    appeal = factories.appeal_past_response_threshold()

    for outsider in (
        factories.responder(factories.addressee()),
        factories.moderator(),
        factories.user(),
    ):
        with pytest.raises(PermissionDenied):
            respond(appeal, outsider)
    respond(appeal, factories.administrator())
    assert Appeal.objects.get(pk=appeal.pk).responded_at is not None


@pytest.mark.parametrize(
    "overrides",
    [{"text": "  "}, {"office": ""}, {"responded_on": date.today() + timedelta(days=2)}],
)
def test_incomplete_or_future_responses_are_refused(overrides):
    appeal = factories.appeal_past_response_threshold()

    with pytest.raises(TransitionNotAllowed):
        respond(appeal, factories.responder(appeal.addressee), **overrides)
    assert Appeal.objects.get(pk=appeal.pk).responded_at is None


def test_a_response_dated_today_in_moscow_is_accepted_just_after_local_midnight(monkeypatch):
    appeal = factories.appeal_past_response_threshold()
    # 22:30 UTC is 01:30 the next day in Moscow (the site's time zone).
    late_evening = datetime(2030, 3, 9, 22, 30, tzinfo=UTC)
    monkeypatch.setattr("heard.core.clock.now", lambda: late_evening)

    respond(appeal, factories.responder(appeal.addressee), responded_on=date(2030, 3, 10))

    assert Appeal.objects.get(pk=appeal.pk).responded_at == late_evening


def test_signers_who_opted_in_get_the_response_by_email_and_others_do_not():
    appeal = factories.appeal_past_response_threshold()
    factories.sign(appeal, email="wants@example.org", notify=True)
    factories.sign(appeal, email="quiet@example.org", notify=False)
    factories.sign(appeal, email="unconfirmed@example.org", notify=True, confirm=False)
    mail.outbox.clear()

    respond(appeal, factories.responder(appeal.addressee), text="The official answer")

    recipients = {address for message in mail.outbox for address in message.to}
    assert "wants@example.org" in recipients
    assert "quiet@example.org" not in recipients
    assert "unconfirmed@example.org" not in recipients
    assert all("The official answer" in message.body for message in mail.outbox)


def test_a_silently_marked_signer_who_pressed_their_link_gets_the_response_too():
    """Not getting the answer they asked for would tell them of the mark (decision 0405)."""
    from heard.signatures.models import Signature

    appeal = factories.appeal_past_response_threshold()
    pressed = factories.sign(appeal, email="pressed@example.org", notify=True)
    never = factories.sign(appeal, email="never@example.org", notify=True, confirm=False)
    Signature.objects.filter(pk__in=[pressed.pk, never.pk]).update(status="invalidated")
    mail.outbox.clear()

    respond(appeal, factories.responder(appeal.addressee), text="The official answer")

    recipients = {address for message in mail.outbox for address in message.to}
    assert "pressed@example.org" in recipients
    assert "never@example.org" not in recipients
