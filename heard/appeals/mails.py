"""E-mail about appeals, one function per mail, queued in the outbox (heard.core.outbox) inside
the caller's transaction. The signers' confirmation links have their own outbox
(heard.signatures.outbox)."""

from django.urls import reverse
from django.utils import translation

from heard.appeals.models import Appeal
from heard.core.mail import absolute_url
from heard.core.outbox import outbox_mail_queue


def initiator_links_mail(*, appeal: Appeal, email: str, language: str) -> None:
    """The initiator's sponsor link and private management link. Keyed by appeal: an appeal is
    confirmed once, and a repeat of the old task sends nothing twice."""
    with translation.override(language):
        sponsor = reverse(
            "appeals:sponsor", kwargs={"pk": appeal.pk, "token": appeal.sponsor_token}
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
