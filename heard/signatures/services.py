"""Writes to signatures: sign (idempotent per e-mail) and confirm by the e-mailed link."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from heard.appeals.models import Appeal
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import TransitionNotAllowed
from heard.offices.models import Region
from heard.signatures.emails import email_digest, email_normalise
from heard.signatures.models import Signature

ALLOWED_STATES = {
    Signature.Role.CREATOR: (Appeal.Status.DRAFT,),
    Signature.Role.SPONSOR: Appeal.SPONSORABLE,
    Signature.Role.SIGNER: Appeal.SIGNABLE,
}
# A sponsor who confirms only after publication still counts, as an ordinary signature would.
CONFIRMABLE_STATES = ALLOWED_STATES | {
    Signature.Role.SPONSOR: Appeal.SPONSORABLE + Appeal.SIGNABLE,
}


def _confirmation_send_on_commit(signature_id: int) -> None:
    from heard.signatures.tasks import signature_confirmation_send

    transaction.on_commit(lambda: signature_confirmation_send.enqueue(signature_id=signature_id))


def signature_create(
    *,
    appeal: Appeal,
    name: str,
    email: str,
    region: Region,
    show_name: bool = False,
    notify: bool = False,
    role: str = Signature.Role.SIGNER,
    language: str = "ru",
) -> Signature:
    """Sign, or, if this e-mail has signed already, re-send its link (a few times at most).

    Either way the caller sees the same outcome, so the form never tells who has signed.
    """
    if appeal.status not in ALLOWED_STATES[role]:
        raise TransitionNotAllowed(_("This appeal is not open for signing."))
    if not region.active:
        raise TransitionNotAllowed(_("Choose a region from the list."))
    digest = email_digest(email)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                appeal=appeal,
                role=role,
                name=name.strip(),
                email=email_normalise(email),
                email_digest=digest,
                region=region,
                consented_at=clock.now(),
                show_name=show_name,
                notify=notify,
                language=language,
                created_at=clock.now(),
                sends=1,
            )
            audit_record(subject=signature, verb="signed", actor_role=role)
            _confirmation_send_on_commit(signature.pk)
            return signature
    except IntegrityError:
        pass
    return signature_resend(appeal=appeal, digest=digest)


@transaction.atomic
def signature_resend(*, appeal: Appeal, digest: str) -> Signature:
    signature = Signature.objects.select_for_update().get(appeal=appeal, email_digest=digest)
    if signature.sends < settings.HEARD_CONFIRMATION_MAX_SENDS:
        Signature.objects.filter(pk=signature.pk).update(sends=F("sends") + 1)
        _confirmation_send_on_commit(signature.pk)
    return signature


def signature_by_token(*, signature_id: int, token: str) -> Signature | None:
    signature = (
        Signature.objects.select_related("appeal", "appeal__addressee")
        .filter(pk=signature_id)
        .first()
    )
    if signature is None or not token or not _tokens_equal(signature.token, token):
        return None
    return signature


def _tokens_equal(expected: str, given: str) -> bool:
    import hmac

    return hmac.compare_digest(expected.encode(), given.encode())


@transaction.atomic
def signature_confirm(*, signature: Signature) -> Signature:
    """Confirm once; a second POST of the same link changes nothing."""
    from heard.appeals.services import appeal_submit_for_moderation, appeal_validate
    from heard.signatures.tasks import appeal_counts_refresh

    signature = Signature.objects.select_for_update().select_related("appeal").get(pk=signature.pk)
    if signature.status != Signature.Status.PENDING:
        return signature
    appeal = signature.appeal
    if appeal.status not in CONFIRMABLE_STATES[signature.role]:
        raise TransitionNotAllowed(_("This appeal is no longer open for signing."))
    signature.status = Signature.Status.CONFIRMED
    signature.confirmed_at = clock.now()
    signature.save(update_fields=["status", "confirmed_at"])
    audit_record(subject=signature, verb="confirmed", actor_role=signature.role)

    if signature.role == Signature.Role.CREATOR:
        appeal_validate(appeal=appeal)
    elif signature.role == Signature.Role.SPONSOR:
        appeal.refresh_from_db(fields=["status"])
        needed = appeal.addressee.sponsors_required
        if appeal.status == Appeal.Status.GATHERING_SPONSORS:
            from heard.appeals.services import appeal_sponsor_count

            if appeal_sponsor_count(appeal) >= needed:
                appeal_submit_for_moderation(appeal=appeal)
    transaction.on_commit(lambda: appeal_counts_refresh.enqueue(appeal_id=appeal.pk))
    return signature
