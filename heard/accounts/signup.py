"""Organisation sign-up that says nothing about which accounts exist: the e-mail address is the
log-in, the account opens from a link sent to it, and the page after the form is the same
whether the address was new or already had an account (which gets a notice instead)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import get_language

from heard.accounts import tasks
from heard.addresses.services import organisation_register
from heard.core.audit import audit_record
from heard.core.errors import DomainError


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """A link that works once: activating the account changes what the token was made from."""

    key_salt = "heard.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}"


activation_tokens = ActivationTokenGenerator()


def _existing_account(email: str):
    users = get_user_model().objects
    return users.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()


@transaction.atomic
def organisation_signup(*, name: str, description: str, email: str, password: str) -> None:
    email = email.strip().lower()
    language = get_language()
    existing = _existing_account(email)
    if existing is not None:
        make_password(password)  # the same hashing work as a new account: no timing difference
        transaction.on_commit(
            lambda: tasks.signup_mail.enqueue(user_id=existing.pk, kind="exists", language=language)
        )
        return
    organisation = organisation_register(
        name=name,
        description=description,
        contact_email=email,
        username=email,
        password=password,
        active=False,
    )
    user = organisation.users.get()
    transaction.on_commit(
        lambda: tasks.signup_mail.enqueue(user_id=user.pk, kind="activate", language=language)
    )


@transaction.atomic
def account_activate(*, user, token: str):
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_active or not activation_tokens.check_token(user, token):
        raise DomainError("invalid activation link", code="activation")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(subject=user, verb="activated", actor_role="organisation")
    return user
