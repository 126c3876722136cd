"""Writes of follows: ask (double opt-in), confirm, leave, the daily digest and the retention job.
Each state change is audited in its own transaction, never with the address."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError
from heard.follows import mails
from heard.follows.models import Follow
from heard.follows.targets import APPEAL, LIST, Target, target_of
from heard.follows.tokens import follow_token_read
from heard.signatures.emails import email_digest, email_normalise

DIGEST_CHUNK = 500


class InvalidLink(DomainError):
    code = "invalid_link"


@transaction.atomic
def follow_request(*, target: Target, email: str, language: str) -> None:
    """Ask to follow `target`. Whatever the address's history, the caller learns nothing: a new
    or unconfirmed follow gets the confirmation link (again), a confirmed one a notice."""
    follow, created = Follow.objects.get_or_create(
        email_digest=email_digest(email),
        target=target.key,
        defaults={
            "kind": target.kind,
            "appeal": target.appeal if target.kind == APPEAL else None,
            "addressee": target.addressee if target.kind != APPEAL else None,
            "listing": target.listing if target.kind == LIST else "",
            "email": email_normalise(email),
            "language": language,
            "created_at": clock.now(),
        },
    )
    if follow.status == Follow.Status.CONFIRMED:
        mails.already_following_mail(follow=follow)
        return
    if not created:
        # Asked again: a fresh link, and the days to press it start again.
        follow.language = language
        follow.created_at = clock.now()
        follow.save(update_fields=["language", "created_at"])
    if created:
        audit_record(
            subject=follow,
            verb="follow_requested",
            actor_role="public",
            data={"target": follow.target},
        )
    mails.confirmation_mail(follow=follow)


def _follow_by_token(token: str, *, purpose: str, max_age: int | None = None) -> Follow | None:
    try:
        pk, nonce = follow_token_read(token, purpose=purpose, max_age=max_age)
    except signing.BadSignature:
        raise InvalidLink(_("This link is not valid or has expired.")) from None
    return Follow.objects.select_for_update().filter(pk=pk, nonce=nonce).first()


@transaction.atomic
def follow_confirm(*, token: str) -> Follow:
    """The second step of the opt-in. Changes from now on go into the digests. Confirming twice
    is harmless; a link past its days, or of a follow since deleted, is refused."""
    max_age = settings.HEARD_FOLLOW_UNCONFIRMED_DAYS * 86400
    follow = _follow_by_token(token, purpose="confirm", max_age=max_age)
    if follow is None:
        raise InvalidLink(_("This link is not valid or has expired."))
    if follow.status in Follow.CONFIRMABLE:
        now = clock.now()
        follow.status = Follow.Status.CONFIRMED
        follow.confirmed_at = now
        follow.reported_through = now
        follow.save(update_fields=["status", "confirmed_at", "reported_through"])
        audit_record(
            subject=follow,
            verb="follow_confirmed",
            actor_role="public",
            data={"target": follow.target},
        )
    return follow


@transaction.atomic
def follow_unsubscribe(*, token: str) -> None:
    """Leave at once: the row and its address are deleted now, not by a later job. A second
    press of the link finds nothing and is as successful as the first."""
    follow = _follow_by_token(token, purpose="unsubscribe")
    if follow is None:
        return
    audit_record(
        subject=follow, verb="follow_ended", actor_role="public", data={"target": follow.target}
    )
    follow.delete()


def follows_unconfirmed_purge(*, now: datetime | None = None) -> int:
    """The retention job: unconfirmed follows go after HEARD_FOLLOW_UNCONFIRMED_DAYS."""
    now = now or clock.now()
    cutoff = now - timedelta(days=settings.HEARD_FOLLOW_UNCONFIRMED_DAYS)
    deleted, _by_model = Follow.objects.filter(
        status=Follow.Status.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted


def follows_digest_send(*, now: datetime | None = None) -> int:
    """Queue today's digests: one mail per confirmed follow that has had changes since its last
    digest, none for the others. From HEARD_DIGEST_HOUR (local time) on; each follow is marked
    with the day in the same transaction as its mail (and the mail keyed by follow and day), so
    a second run the same day, or two runs at once, send nothing twice. Returns mails queued."""
    now = now or clock.now()
    local = timezone.localtime(now)
    if local.hour < settings.HEARD_DIGEST_HOUR:
        return 0
    today = local.date()
    due = Follow.objects.filter(status=Follow.Status.CONFIRMED).filter(
        Q(digest_on__isnull=True) | Q(digest_on__lt=today)
    )
    queued, after = 0, 0
    while True:
        chunk = list(
            due.filter(pk__gt=after)
            .select_related("appeal__addressee", "addressee")
            .order_by("pk")[:DIGEST_CHUNK]
        )
        if not chunk:
            return queued
        after = chunk[-1].pk
        queued += _digest_chunk(chunk, now=now, today=today)


def _digest_chunk(follows: list[Follow], *, now: datetime, today) -> int:
    # One read of the events per target, however many follow it.
    by_target: dict[str, list[Follow]] = defaultdict(list)
    for follow in follows:
        by_target[follow.target].append(follow)
    queued = 0
    for group in by_target.values():
        since = min((f.reported_through or f.confirmed_at or now) for f in group)
        events = target_of(group[0]).changes(since=since, until=now)
        for follow in group:
            start = follow.reported_through or follow.confirmed_at or now
            own = [event for event in events if event.at > start]
            queued += _digest_one(follow, own, now=now, today=today)
    return queued


@transaction.atomic
def _digest_one(follow: Follow, events, *, now: datetime, today) -> int:
    still_due = (
        Follow.objects.select_for_update()
        .filter(pk=follow.pk, status=Follow.Status.CONFIRMED)
        .filter(Q(digest_on__isnull=True) | Q(digest_on__lt=today))
        .exists()
    )
    if not still_due:
        return 0
    if events:
        mails.digest_mail(follow=follow, changes=events, day=today)
    Follow.objects.filter(pk=follow.pk).update(digest_on=today, reported_through=now)
    return 1 if events else 0
