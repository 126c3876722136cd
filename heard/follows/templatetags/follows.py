"""Feed and follow links for the pages that can be followed: the appeal page, and the appeal
lists (each followed list, and an addressee's appeals when the list is narrowed to one). The
pages pass what they already show; no view needs to change."""

from django import template

from heard.appeals import changes
from heard.appeals.models import Appeal
from heard.appeals.selectors import Listing
from heard.follows.targets import ADDRESSEE, APPEAL, LIST, Target, target_from

register = template.Library()


def followable(*, appeal: Appeal | None = None, listing: str = "", addressee_slug: str = ""):
    if appeal is not None:
        return [Target(APPEAL, appeal=appeal)] if appeal.is_public else []
    found = []
    listing = "new" if listing == Listing.OPEN else listing
    if listing in changes.FOLLOWED_LISTS:
        target = target_from(listing=listing, addressee=addressee_slug)
        found += [target] if target else []
    if addressee_slug:
        target = target_from(addressee=addressee_slug)
        found += [target] if target else []
    return [target for target in found if target.kind in (APPEAL, ADDRESSEE, LIST)]


@register.inclusion_tag("follows/feed_links.html")
def feed_link_tags(appeal=None, listing="", addressee_slug=""):
    """`<link rel="alternate">` tags for the page's head."""
    return {"targets": followable(appeal=appeal, listing=listing, addressee_slug=addressee_slug)}


@register.inclusion_tag("follows/follow_links.html")
def follow_links(appeal=None, listing="", addressee_slug=""):
    """A visible "follow" line: the Atom feed and the e-mail form, per target."""
    return {"targets": followable(appeal=appeal, listing=listing, addressee_slug=addressee_slug)}
