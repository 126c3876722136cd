"""Who may see and act on a campaign's triage, in one place: the office that handles the
campaign's addressee (its responders) and administrators, as for the addresses themselves."""

from heard.addresses import rules as address_rules
from heard.addresses.models import Campaign


def can_view(user, campaign: Campaign) -> bool:
    return address_rules.can_handle(user, campaign.addressee)


def can_run(user, campaign: Campaign) -> bool:
    return address_rules.can_handle(user, campaign.addressee)


def can_decide(user, campaign: Campaign) -> bool:
    """Accept or override suggested departments, merge a duplicate group into its primary."""
    return address_rules.can_handle(user, campaign.addressee)


def can_use_triage(user) -> bool:
    return bool(address_rules.handled_addressees(user))


def campaigns_visible(user):
    handled = [addressee.pk for addressee in address_rules.handled_addressees(user)]
    return Campaign.objects.filter(addressee_id__in=handled).select_related("addressee")
