"""Mail of the organisation sign-up; one plain function per message so that it can move to
whatever sends heard's mail."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override
from django_tasks import task

from heard.core.mail import absolute_url, email_send

KINDS = {"activate", "exists"}


@task()
def signup_mail(*, user_id: int, kind: str, language: str = "") -> None:
    from heard.accounts.signup import activation_tokens

    user = get_user_model().objects.filter(pk=user_id).first()
    address = user and (user.email or user.get_username())
    if kind not in KINDS or not address or "@" not in address:
        return
    with override(language or None):
        if kind == "activate":
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = activation_tokens.make_token(user)
            link = reverse("accounts:organisation_activate", args=[uid, token])
        else:
            link = reverse("addresses:organisation_login")
    email_send(
        to=address,
        template=f"accounts/email/signup_{kind}",
        context={"link": absolute_url(link)},
        language=language or None,
    )
