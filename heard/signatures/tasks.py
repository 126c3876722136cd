from django.urls import reverse
from django.utils import translation
from django_tasks import task

from heard.core.mail import absolute_url, email_send
from heard.signatures import counting
from heard.signatures.models import Signature


@task()
def signature_confirmation_send(*, signature_id: int) -> None:
    signature = Signature.objects.select_related("appeal").filter(pk=signature_id).first()
    if signature is None:
        return
    with translation.override(signature.language):
        path = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})
    email_send(
        to=signature.email,
        template="signatures/email/confirm",
        context={"signature": signature, "appeal": signature.appeal, "link": absolute_url(path)},
        language=signature.language,
    )


@task()
def appeal_counts_refresh(*, appeal_id: int) -> int:
    return counting.appeal_counts_refresh(appeal_id=appeal_id)


@task()
def appeals_counts_reconcile() -> int:
    return counting.appeals_counts_reconcile()
