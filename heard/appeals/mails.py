"""E-mail about appeals, one function per mail, queued in the outbox (heard.core.outbox) inside
the caller's transaction. The signers' confirmation links have their own outbox
(heard.signatures.outbox)."""

from django.urls import reverse
from django.utils import translation

from heard.appeals.models import Appeal
from heard.core.mail import absolute_url
from heard.core.outbox import outbox_mail_queue
from heard.signatures.models import Signature


def initiator_links_mail(*, appeal: Appeal, email: str, language: str) -> None:
    """The initiator's sponsor link and private management link. Keyed by appeal: an appeal is
    confirmed once, and a repeat of the old task sends nothing twice."""
    with translation.override(language):
        sponsor = reverse(
            "signatures:sponsor", kwargs={"pk": appeal.pk, "token": appeal.sponsor_token}
        )
        manage = reverse("appeals:manage", kwargs={"pk": appeal.pk, "token": appeal.manage_token})
    outbox_mail_queue(
        to=email,
        template="appeals/email/initiator_links",
        context={
            "appeal": appeal,
            "sponsor_link": absolute_url(sponsor),
            "manage_link": absolute_url(manage),
        },
        language=language,
        purpose="appeals.initiator_links",
        about=appeal,
        key=f"appeals.initiator_links:{appeal.pk}",
    )


def response_mail(*, appeal: Appeal, signature_id: int, email: str, language: str) -> None:
    """The published response, to a signer who asked for it; keyed by signature."""
    with translation.override(language):
        link = absolute_url(appeal.get_absolute_url())
    outbox_mail_queue(
        to=email,
        template="appeals/email/response",
        context={"appeal": appeal, "response": appeal.response, "link": link},
        language=language,
        purpose="appeals.response",
        about=appeal,
        key=f"appeals.response:{appeal.pk}:{signature_id}",
    )


# Milestones a signer who asked to hear about the appeal is told of (decision 0511).
SIGNER_MILESTONES = ("threshold", "overdue", "responded", "closed")
# What the initiator is told of, beside the links above.
INITIATOR_EVENTS = ("published", "rejected", "threshold", "overdue", "closed", "moderation_late")


def signer_milestone_mail(
    *, appeal: Appeal, milestone: str, signature_id: int, email: str, language: str
) -> None:
    """One milestone to one signer; keyed by milestone and signature, so a fan-out chunk run
    twice queues nothing twice."""
    if milestone == "responded":
        response_mail(appeal=appeal, signature_id=signature_id, email=email, language=language)
        return
    with translation.override(language):
        link = absolute_url(appeal.get_absolute_url())
    outbox_mail_queue(
        to=email,
        template=f"appeals/email/milestone_{milestone}",
        context={"appeal": appeal, "link": link},
        language=language,
        purpose=f"appeals.{milestone}",
        about=appeal,
        key=f"appeals.{milestone}:{appeal.pk}:{signature_id}",
    )


def initiator_mail(*, appeal: Appeal, event: str) -> None:
    """Tell the initiator (the appeal's creator signature) of an event, once per event."""

    creator = (
        Signature.objects.filter(appeal=appeal, role=Signature.Role.CREATOR)
        .exclude(email="")
        .values_list("email", "language")
        .first()
    )
    if creator is None:
        return
    email, language = creator
    with translation.override(language):
        link = absolute_url(appeal.get_absolute_url()) if appeal.is_public else ""
        manage = absolute_url(
            reverse("appeals:manage", kwargs={"pk": appeal.pk, "token": appeal.manage_token})
        )
    outbox_mail_queue(
        to=email,
        template=f"appeals/email/initiator_{event}",
        context={"appeal": appeal, "link": link, "manage_link": manage},
        language=language,
        purpose=f"appeals.initiator_{event}",
        about=appeal,
        key=f"appeals.initiator_{event}:{appeal.pk}",
    )
