"""Who may do what with individual addresses, in one place (tested one by one in
tests/addresses/test_rules.py). Moderators of collective appeals see no addresses: they carry
personal data and belong to the addressee's office."""

from django.db.models import QuerySet

from heard.addresses import selectors
from heard.addresses.models import Address, BulkAction, Organisation
from heard.core.access import Scope, permission_add
from heard.offices import rules as office_rules
from heard.offices.models import Addressee


def can_handle(user, addressee: Addressee) -> bool:
    """Answer, extend, forward, merge, assign, leave without an answer; see the queues."""
    return office_rules.can_respond_for(user, addressee)


def can_enter(user, addressee: Addressee) -> bool:
    """Enter addresses that came by e-mail, phone, SMS, social networks or post."""
    return office_rules.can_respond_for(user, addressee)


def can_open_campaign(user, addressee: Addressee) -> bool:
    return office_rules.can_respond_for(user, addressee)


def can_verify_organisations(user) -> bool:
    return office_rules.is_administrator(user)


def can_act_for_organisation(user, organisation: Organisation) -> bool:
    """See the organisation's cases (also while it awaits verification)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return organisation.users.filter(pk=user.pk).exists()


def can_submit_for_organisation(user, organisation: Organisation) -> bool:
    return organisation.status in Organisation.CAN_SUBMIT and can_act_for_organisation(
        user, organisation
    )


def handled_addressees(user) -> list[Addressee]:
    return [addressee for addressee in Addressee.objects.all() if can_handle(user, addressee)]


def belongs_to_an_organisation(user) -> bool:
    return user.address_organisations.exists()


# --- Permissions of the office's and organisations' pages, and what each lets a user reach ---

permission_add("addresses.handle", office_rules.has_responder_role)
permission_add("addresses.verify_organisations", can_verify_organisations)
permission_add("addresses.organisation_member", belongs_to_an_organisation)


def addressees_handled(user) -> QuerySet[Addressee]:
    return office_rules.addressees_responded_for(user)


def addresses_handled(user) -> QuerySet[Address]:
    return selectors.address_staff_queryset().filter(addressee__in=addressees_handled(user))


def bulk_actions_handled(user) -> QuerySet[BulkAction]:
    return BulkAction.objects.filter(addressee__in=addressees_handled(user))


def organisations_verified_by(user) -> QuerySet[Organisation]:
    return Organisation.objects.all()


def organisations_of(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(users=user)


HANDLED_ADDRESSEE = Scope(addressees_handled, name="addressee", kwarg="slug", field="slug")
HANDLED_ADDRESS = Scope(addresses_handled, name="address")
HANDLED_BULK = Scope(bulk_actions_handled, name="bulk")
VERIFIED_ORGANISATION = Scope(organisations_verified_by, name="organisation")
OWN_ORGANISATION = Scope(organisations_of, name="organisation", kwarg="slug", field="slug")
