"""Who may do what with individual addresses, in one place (tested one by one in
tests/addresses/test_rules.py). Moderators of collective appeals see no addresses: they carry
personal data and belong to the addressee's office."""

from heard.addresses.models import Organisation
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
