"""Intermediary organisations, intake campaigns and API keys."""

import hmac
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from heard.addresses import codes, rules
from heard.addresses.models import Address, ApiKey, Campaign, Category, Organisation
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from heard.offices.models import Addressee


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:50] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def organisation_register(
    *,
    name: str,
    description: str,
    contact_email: str,
    username: str,
    password: str,
    active: bool = True,
) -> Organisation:
    """An organisation account; it submits addresses only once an administrator verifies it.
    Signing up on the site opens it inactive, until its e-mail link is followed."""
    users = get_user_model().objects
    if users.filter(username__iexact=username).exists():
        raise DomainError(_("This user name is taken."), code="username_taken")
    user = users.create_user(
        username=username, password=password, email=contact_email, is_active=active
    )
    organisation = Organisation.objects.create(
        name=name.strip(),
        slug=_unique_slug(name),
        description=description.strip(),
        contact_email=contact_email,
        created_at=clock.now(),
    )
    organisation.users.add(user)
    audit_record(subject=organisation, verb="registered", actor_role="organisation")
    return organisation


def _locked_organisation(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


@transaction.atomic
def organisation_verify(*, organisation: Organisation, actor) -> Organisation:
    if not rules.can_verify_organisations(actor):
        raise PermissionDenied(_("Only administrators verify organisations."))
    organisation = _locked_organisation(organisation)
    if organisation.status not in Organisation.VERIFIABLE:
        raise TransitionNotAllowed(_("This organisation is already verified."))
    organisation.status = Organisation.Status.VERIFIED
    organisation.verified_at = clock.now()
    organisation.verified_by = actor
    organisation.save(update_fields=["status", "verified_at", "verified_by"])
    audit_record(subject=organisation, verb="verified", actor=actor, public=True)
    return organisation


@transaction.atomic
def organisation_suspend(*, organisation: Organisation, actor, reason: str) -> Organisation:
    if not rules.can_verify_organisations(actor):
        raise PermissionDenied(_("Only administrators suspend organisations."))
    organisation = _locked_organisation(organisation)
    if organisation.status not in Organisation.SUSPENDABLE:
        raise TransitionNotAllowed(_("Only a verified organisation can be suspended."))
    organisation.status = Organisation.Status.SUSPENDED
    organisation.suspended_at = clock.now()
    organisation.save(update_fields=["status", "suspended_at"])
    audit_record(subject=organisation, verb="suspended", actor=actor, data={"reason": reason})
    return organisation


@transaction.atomic
def campaign_open(
    *,
    addressee: Addressee,
    actor,
    slug: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    channels: list[str],
    categories: list[Category] | None = None,
    description: str = "",
) -> Campaign:
    if not rules.can_open_campaign(actor, addressee):
        raise PermissionDenied(_("Only the office of the addressee opens its campaigns."))
    if ends_at <= starts_at:
        raise DomainError(_("The campaign must close after it opens."), code="invalid_window")
    if not channels or not set(channels) <= set(Address.Channel.values):
        raise DomainError(_("Choose the accepted channels from the list."), code="invalid_channel")
    if any(category.addressee_id != addressee.pk for category in categories or []):
        raise DomainError(_("Categories must belong to the addressee."), code="invalid_category")
    if Campaign.objects.filter(slug=slug).exists():
        raise DomainError(_("A campaign with this short name exists."), code="slug_taken")
    campaign = Campaign.objects.create(
        addressee=addressee,
        slug=slug,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        channels=list(channels),
        created_at=clock.now(),
    )
    campaign.categories.set(categories or [])
    audit_record(subject=campaign, verb="opened", actor=actor, public=True)
    return campaign


@transaction.atomic
def api_key_issue(
    *,
    name: str,
    addressee: Addressee | None = None,
    organisation: Organisation | None = None,
    actor=None,
) -> tuple[ApiKey, str]:
    """A new key; the raw key is returned once and only its hash is stored."""
    if (addressee is None) == (organisation is None):
        raise DomainError(_("A key belongs to one addressee or one organisation."))
    prefix = secrets.token_hex(4)
    raw = f"hk_{prefix}_{secrets.token_urlsafe(24)}"
    key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        key_hash=codes.api_key_hash(raw),
        addressee=addressee,
        organisation=organisation,
        created_at=clock.now(),
    )
    audit_record(subject=key, verb="issued", actor=actor, actor_role="operator")
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor=None) -> ApiKey:
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.status != ApiKey.Status.ACTIVE:
        raise TransitionNotAllowed(_("This key is already revoked."))
    key.status = ApiKey.Status.REVOKED
    key.revoked_at = clock.now()
    key.save(update_fields=["status", "revoked_at"])
    audit_record(subject=key, verb="revoked", actor=actor, actor_role="operator")
    return key


def api_key_authenticate(*, raw: str) -> ApiKey | None:
    """The active key for a raw key, or None; notes its use at most once an hour."""
    parts = (raw or "").split("_")
    if len(parts) < 3 or parts[0] != "hk":
        return None
    key = (
        ApiKey.objects.select_related("addressee", "organisation")
        .filter(prefix=parts[1], status=ApiKey.Status.ACTIVE)
        .first()
    )
    if key is None or not hmac.compare_digest(key.key_hash, codes.api_key_hash(raw)):
        return None
    now = clock.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(hours=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
