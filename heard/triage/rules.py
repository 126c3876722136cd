"""Who may see and act on a campaign's triage, in one place: the office that handles the
campaign's addressee (its responders) and administrators, as for the addresses themselves."""

from heard.addresses import rules as address_rules
from heard.addresses.models import Campaign
from heard.core.access import Scope, permission_add
from heard.offices import rules as office_rules


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
    return Campaign.objects.filter(
        addressee__in=address_rules.addressees_handled(user)
    ).select_related("addressee")


# --- Permission of the triage pages and what it lets a user reach (heard.core.access) ---

permission_add("triage.use", office_rules.has_responder_role)

VISIBLE_CAMPAIGN = Scope(campaigns_visible, name="campaign", kwarg="slug", field="slug")
