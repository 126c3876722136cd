"""What a verified identity lets a person do, through the same services as everyone else:
a signature through signatures.services (the store's rules: one per person, holds, fraud marks,
counting), an address through addresses.services (numbers, limits, routing)."""

from django.db import transaction

from heard.addresses import services as address_services
from heard.addresses.models import Address
from heard.core import clock
from heard.core.audit import audit_record
from heard.core.errors import DomainError
from heard.identity.digests import identity_digest
from heard.identity.models import VerifiedAddress
from heard.identity.providers import Provider
from heard.signatures import lookups
from heard.signatures import services as signature_services
from heard.signatures.models import Signature


def signature_sign_verified(
    *,
    appeal_id: int,
    name: str,
    region_id: int,
    show_name: bool,
    provider: Provider,
    subject: str,
    language: str,
    ip: str,
) -> Signature:
    """Sign as a verified person, confirmed at once (the sign-in was the confirmation).

    The keyed hash of (issuer, subject) is the signature's digest, so signing again with the
    same identity finds the same row, creates nothing, and ends the same way. A signature the
    limits hold or the lists mark stays so (as any other; the caller shows the same page)."""
    appeal = lookups.appeal_for_signing(pk=appeal_id)
    region = lookups.region_by_pk(pk=region_id)
    if appeal is None or region is None:
        raise DomainError(_unavailable())
    signature = signature_services.signature_create(
        appeal=appeal,
        name=name,
        email="",
        region=region,
        show_name=show_name,
        language=language,
        ip=ip,
        identity_digest=identity_digest(issuer=provider.issuer, subject=subject),
    )
    return signature_services.signature_confirm(signature=signature)


def _unavailable() -> str:
    from django.utils.translation import gettext

    return gettext("This appeal is not open for signing.")


@transaction.atomic
def address_send_verified(
    *, fields: dict, provider: Provider, language: str, held_by: str, ip_hash: str
) -> tuple[Address, str]:
    """Receive an address whose sender proved their identity: registered at once, no e-mail
    loop (unless a limit holds it, as any other), and marked verified for the staff."""
    address, code = address_services.address_receive(
        **fields,
        channel=Address.Channel.WEB,
        language=language,
        confirm_email=False,
        held_by=held_by,
        ip_hash=ip_hash,
    )
    VerifiedAddress.objects.create(address=address, provider=provider.slug, verified_at=clock.now())
    audit_record(
        subject=address,
        verb="identity_verified",
        actor_role="applicant",
        data={"provider": provider.slug},
    )
    return address, code
