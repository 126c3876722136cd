"""Atom feeds of appeals whose response is overdue, newly or long (two tiers, as Alaveteli's
"delayed" and "long overdue"), for everyone who follows an addressee's accountability: one
entry per appeal, updated as its days past the term grow."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from heard.appeals import selectors
from heard.appeals.selectors import Listing
from heard.offices.models import Addressee

FEED_ITEMS = 100


class OverdueAppealsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, tier: str):
        if tier not in (Listing.NEWLY_OVERDUE, Listing.LONG_OVERDUE):
            raise Http404
        slug = request.GET.get("addressee", "")[:64]
        addressee = Addressee.objects.filter(slug=slug).first() if slug else None
        if slug and addressee is None:
            raise Http404
        return tier, addressee

    def title(self, obj) -> str:
        tier, addressee = obj
        heading = _("Newly overdue responses") if tier == Listing.NEWLY_OVERDUE else _(
            "Long overdue responses"
        )
        return f"{heading}: {addressee.name}" if addressee else heading

    def link(self, obj) -> str:
        tier, addressee = obj
        query = f"?state={tier}" + (f"&addressee={addressee.slug}" if addressee else "")
        return "/appeals/" + query

    def subtitle(self, obj) -> str:
        return _("Collective appeals owed a response past its due date.")

    def items(self, obj):
        tier, addressee = obj
        return selectors.appeal_list(
            listing=tier, addressee_slug=addressee.slug if addressee else ""
        )[:FEED_ITEMS]

    def item_title(self, item) -> str:
        days = selectors.appeal_response_days_late(item) or 0
        return ngettext(
            "%(title)s: response %(days)d day overdue",
            "%(title)s: response %(days)d days overdue",
            days,
        ) % {"title": item.title, "days": days}

    def item_description(self, item) -> str:
        return _("To %(addressee)s; the response was due by %(due)s.") % {
            "addressee": item.addressee.name,
            "due": item.response_due_at.date().isoformat(),
        }

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_updateddate(self, item):
        return item.response_due_at

    def item_pubdate(self, item):
        return item.response_due_at
