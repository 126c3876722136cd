"""An appeal's first signature: its initiator starts the appeal with their own.

Here rather than in appeals because what it makes besides the draft is a signature, and the
direction is one way: signatures call appeals' services, appeals never call signatures'
(tests/test_import_direction.py). Confirming it moves the draft on (services.signature_confirm).
"""

from django.db import transaction

from heard.appeals.models import Appeal
from heard.appeals.services import appeal_create
from heard.offices.models import Addressee, Region
from heard.signatures import services
from heard.signatures.models import Signature


@transaction.atomic
def appeal_start(
    *,
    addressee: Addressee,
    title: str,
    demands: list[str],
    text: str,
    group_name: str,
    initiator_name: str,
    initiator_email: str,
    region: Region,
    video_url: str = "",
    telegram_url: str = "",
    document_url: str = "",
    language: str = "ru",
    ip: str = "",
    held: bool = False,
) -> Appeal:
    """A draft plus the initiator's own signature; the initiator confirms it by e-mail. With
    `held` (the sender reached a limit) the signature, and so the link, waits for a moderator."""
    appeal = appeal_create(
        addressee=addressee,
        title=title,
        demands=demands,
        text=text,
        group_name=group_name,
        video_url=video_url,
        telegram_url=telegram_url,
        document_url=document_url,
    )
    services.signature_create(
        appeal=appeal,
        role=Signature.Role.CREATOR,
        name=initiator_name,
        email=initiator_email,
        region=region,
        # The initiator's public face is the group name; their own name needs their consent.
        show_name=False,
        notify=True,
        language=language,
        ip=ip,
        held=held,
    )
    return appeal
