"""Writes to signatures: sign (one insert; idempotent per e-mail), confirm by the e-mailed link,
and remove by the same link. Counting and mailing are batch jobs (counting.py, outbox.py)."""

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.utils.translation import gettext as _

from heard.appeals.models import Appeal
from heard.appeals.services import (
    appeal_sponsor_count,
    appeal_submit_for_moderation,
    appeal_validate,
)
from heard.core import clock
from heard.core.errors import TransitionNotAllowed
from heard.offices.models import Region, SigningIdentity
from heard.signatures import fraud, links, store
from heard.signatures import signing_rules as rules
from heard.signatures.emails import email_digest, email_domain, email_normalise
from heard.signatures.models import Signature, new_token
from heard.signatures.privacy import encrypt, ip_digest

ALLOWED_STATES = {
    Signature.Role.CREATOR: (Appeal.Status.DRAFT,),
    Signature.Role.SPONSOR: Appeal.SPONSORABLE,
    Signature.Role.SIGNER: Appeal.SIGNABLE,
}
# A sponsor who confirms only after publication still counts, as an ordinary signature would.
CONFIRMABLE_STATES = ALLOWED_STATES | {
    Signature.Role.SPONSOR: Appeal.SPONSORABLE + Appeal.SIGNABLE,
}


def jobs_nudge(*, links: bool = False, counts: bool = False) -> None:
    """Run the batch jobs right after this commit instead of at their next tick.

    Off in production (HEARD_NUDGE_JOBS): there a nudge would be a task row per signature, the
    very thing the batch jobs exist to avoid. The test settings and small sites turn it on."""
    if not settings.HEARD_NUDGE_JOBS:
        return
    from heard.signatures import tasks

    if links:
        transaction.on_commit(lambda: tasks.signature_links_send.enqueue())
    if counts:
        transaction.on_commit(lambda: tasks.signatures_count.enqueue())


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
    ip: str = "",
    held: bool = False,
    identity_digest: str = "",
) -> Signature:
    """Sign, or, if this e-mail has signed already, re-send its link (a few times at most).

    Either way the caller sees the same outcome, so the form never tells who has signed; a
    signature the block list catches is stored as fraudulent, one over a rate limit (or `held`
    by the caller's own limit) is held for a moderator, and the caller sees that same outcome.
    """
    if appeal.status not in ALLOWED_STATES[role]:
        raise TransitionNotAllowed(_("This appeal is not open for signing."))
    if not region.active:
        raise TransitionNotAllowed(_("Choose a region from the list."))
    if (
        role == Signature.Role.SIGNER
        and not identity_digest
        and appeal.addressee.signing_identity == SigningIdentity.VERIFIED
    ):
        raise TransitionNotAllowed(_("This appeal is signed with a verified identity only."))
    # With a verified identity (heard.identity) the keyed hash of issuer and subject stands where
    # the address's digest stands: one signature per person and appeal, erased by retention.
    digest = identity_digest or email_digest(email)
    ip_hash = ip_digest(ip)
    status, rate_limited = fraud.listed_status(email=email, digest=digest, ip_hash=ip_hash)
    if held and status == Signature.Status.PENDING:
        status = Signature.Status.HELD
    now = clock.now()
    plain = "" if identity_digest else email_normalise(email)
    values = {
        "role": role,
        "name": name.strip(),
        "email_digest": digest,
        "email_domain": email_domain(plain) if plain else "",
        "ip_digest": ip_hash,
        "consented_at": now,
        "show_name": show_name,
        "notify": notify,
        "language": language,
        "token": new_token(),
        "sent": 0,
        "tallied": False,
        "created_at": now,
        "status_before_invalidation": "",
    }
    # The initiator signs a draft made in this same transaction: nothing hot, nothing to hide.
    creating = role == Signature.Role.CREATOR
    upsert = store.signature_upsert_locked if creating else store.signature_upsert
    stored = upsert(
        values=values
        | {"appeal": appeal.pk, "region": region.pk, "email": encrypt(plain) if plain else ""},
        status=status,
        rate_limited=rate_limited,
        now=now,
    )
    jobs_nudge(links=True)
    if not stored.inserted:
        # Signed before: the row as stored, read only if the caller looks at it.
        return Signature.from_db("default", ["id", "status"], [stored.id, stored.status])
    signature = Signature(
        pk=stored.id,
        appeal=appeal,
        region=region,
        email=plain,
        status=stored.status,
        sends=rules.first_sends(stored.status),
        **values,
    )
    signature._state.adding = False
    return signature


def signature_by_token(*, signature_id: int, token: str) -> Signature | None:
    """The signature an e-mailed link names, with its appeal, or None for a link that is not
    one of ours (one statement; see links.py)."""
    return links.signature_by_link(signature_id=signature_id, token=token)


def signature_confirm(*, signature: Signature) -> Signature:
    """Confirm once; a second POST of the same link changes nothing.

    The signature row with its `confirmed_at` is the record of this step (no audit event per
    signature, decision 0400); the count follows through the counting job. An ordinary signature
    on an open appeal — nearly every confirmation — is one statement (links.py), including one
    silently marked fraudulent or invalidated, whose press is recorded while its status stays
    (decision 0405); everything else takes the locked path below."""
    now = clock.now()
    if signature.role == Signature.Role.SIGNER:
        status = links.signer_confirm(
            signature_id=signature.pk,
            now=now,
            appeal_states=CONFIRMABLE_STATES[Signature.Role.SIGNER],
        )
        if status is not None:
            signature.status, signature.confirmed_at = status, now
            jobs_nudge(counts=True)
            return signature
    return _signature_confirm_locked(signature=signature)


@transaction.atomic
def _signature_confirm_locked(*, signature: Signature) -> Signature:
    # What a press confirms (signing_rules.PRESSABLE), the database's answer for the locked row;
    # a marked signature is confirmed silently: its press recorded, its status kept, so it counts
    # neither as a signature nor towards the sponsors — refused alike if the appeal is closed.
    signature = (
        Signature.objects.select_for_update(of=("self",))
        .annotate(pressable=ExpressionWrapper(rules.PRESSABLE, output_field=BooleanField()))
        .get(pk=signature.pk)
    )
    if not signature.pressable:
        return signature
    if signature.role == Signature.Role.SIGNER:
        # Read, not locked: in a spike every confirmation reads this one row, and a lock on it
        # would queue them one behind another (and starve the counting job's update of it). A
        # confirmation that commits in the instant an appeal closes is one that began while open.
        state = Appeal.objects.values_list("status", flat=True).get(pk=signature.appeal_id)
    else:
        # Initiator and sponsors move the appeal on: one at a time, so two sponsors confirming
        # together cannot each miss the other and leave the appeal short of sponsors.
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("addressee")
            .get(pk=signature.appeal_id)
        )
        state = appeal.status
    if state not in CONFIRMABLE_STATES[signature.role]:
        raise TransitionNotAllowed(_("This appeal is no longer open for signing."))
    pressed = Signature.objects.filter(pk=signature.pk)
    pressed.update(**rules.PRESSED, confirmed_at=clock.now())
    signature.refresh_from_db(fields=[*rules.PRESSED, "confirmed_at"])

    if signature.role == Signature.Role.CREATOR:
        appeal_validate(appeal=appeal)
    elif (
        signature.role == Signature.Role.SPONSOR
        and state == Appeal.Status.GATHERING_SPONSORS
        and appeal_sponsor_count(appeal) >= appeal.addressee.sponsors_required
    ):
        appeal_submit_for_moderation(appeal=appeal)
    jobs_nudge(counts=True)
    return signature


@transaction.atomic
def signature_remove(*, signature: Signature) -> Signature:
    """The signer takes their signature back with their link: it stops counting at once (the
    count follows with the next batch) and their name and address are erased now, not later."""
    from heard.signatures.retention import signatures_anonymise, signatures_erase_identity

    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    silent = signature.status in Signature.SILENT and signature.removed_at is None
    if signature.status not in Signature.REMOVABLE and not silent:
        raise TransitionNotAllowed(_("This signature has already been removed."))
    if signature.role == Signature.Role.CREATOR:
        raise TransitionNotAllowed(
            _("The initiator's own signature cannot be removed; withdraw the appeal instead.")
        )
    signature.removed_at = clock.now()
    if silent:
        # Marked fraudulent or invalidated without the signer being told: removed as anyone's
        # would be (the page says so; name, address, domain and IP hash go now), but the status
        # and the address's keyed hash stay, so the same address cannot sign again around the
        # mark (it revives this row instead); the retention job erases the hash with the rest.
        # Reversing an invalidation leaves it removed (decision 0405).
        if signature.status == Signature.Status.INVALIDATED:
            signature.status_before_invalidation = Signature.Status.REMOVED
        signature.save(update_fields=["removed_at", "status_before_invalidation"])
        signatures_erase_identity(Signature.objects.filter(pk=signature.pk))
    else:
        signature.status = Signature.Status.REMOVED
        signature.save(update_fields=["status", "removed_at"])
        signatures_anonymise(Signature.objects.filter(pk=signature.pk))
    jobs_nudge(counts=True)
    return signature
