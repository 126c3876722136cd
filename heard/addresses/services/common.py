from django.utils.translation import gettext as _

from heard.addresses import rules
from heard.addresses.models import Address, RoutingRule
from heard.core.errors import PermissionDenied, TransitionNotAllowed
from heard.offices.models import Addressee
from heard.triage.lib.routing import rule_department


def locked(address: Address) -> Address:
    return (
        Address.objects.select_for_update(of=("self",))
        .select_related("addressee", "department")
        .get(pk=address.pk)
    )


def guard(address: Address, allowed, message: str) -> None:
    """`message` is a whole sentence with %(number)s and %(state)s, so it translates whole."""
    if address.status not in allowed:
        raise TransitionNotAllowed(
            message % {"number": address.number, "state": address.get_status_display()}
        )


def require_handler(actor, addressee: Addressee) -> None:
    if not rules.can_handle(actor, addressee):
        raise PermissionDenied(_("Only the office of %(name)s can do this.") % {"name": addressee})


def notify(address: Address, event: str) -> None:
    """E-mail the applicant, if they left an e-mail address: queued in the outbox in this
    transaction, sent once it commits (heard.addresses.mails)."""
    from heard.addresses.mails import EVENT_MAILS

    if address.email:
        EVENT_MAILS[event](address=address)


def route(*, addressee: Addressee, category_id: int | None, region_id: int | None):
    """The department of the most specific matching rule: category and region, then category,
    then region, then the addressee's default rule (neither)."""
    rules_ = (
        RoutingRule.objects.filter(addressee=addressee).select_related("department").order_by("pk")
    )
    return rule_department(
        [
            {"category": rule.category_id, "region": rule.region_id, "department": rule.department}
            for rule in rules_
        ],
        category=category_id,
        region=region_id,
    )
