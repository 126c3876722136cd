"""Atom feeds for following appeals without an account (decision 0535).

- One appeal's history: its start, publication, thresholds reached (sent to the addressee),
  response, closing, rejection, overdue notice.
- Every appeal to one addressee, and each followed list (new, awaiting a response, responded,
  overdue): the same public events, newest first (heard.appeals.changes).
- Appeals whose response is overdue, newly or long (two tiers, as Alaveteli's "delayed" and
  "long overdue"): one entry per appeal, updated as its days past the term grow.

Every feed is the same for everyone, so proxies and readers may keep it for HEARD_FEED_SECONDS
(Cache-Control: public, with an ETag for conditional requests). No feed names a signer."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from heard.appeals import changes, selectors
from heard.appeals.models import Appeal
from heard.appeals.selectors import Listing
from heard.core.http_cache import public_cached
from heard.offices.models import Addressee

FEED_ITEMS = 100


class PublicFeed(Feed):
    """An Atom feed any proxy may keep for a few minutes."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return public_cached(request, response, max_age=settings.HEARD_FEED_SECONDS)


class ChangesFeed(PublicFeed):
    """Entries are `changes.Change`s: one public event of one appeal each."""

    def item_title(self, item: changes.Change) -> str:
        return f"{item.appeal.title}: {item.label}"

    def item_description(self, item: changes.Change) -> str:
        parts = [_("Addressee: %(addressee)s.") % {"addressee": item.appeal.addressee.name}]
        if item.verb == "response_threshold_reached" and item.appeal.response_due_at:
            parts.append(
                _("The response is due by %(due)s.")
                % {"due": item.appeal.response_due_at.date().isoformat()}
            )
        if item.verb == "responded":
            response = getattr(item.appeal, "response", None)
            if response is not None:
                parts.append(truncatewords(response.text, 120))
        if item.verb == "rejected":
            parts.append(
                _("Reason: %(reason)s") % {"reason": item.appeal.get_rejection_code_display()}
            )
        return " ".join(parts)

    def item_link(self, item: changes.Change) -> str:
        return item.appeal.get_absolute_url()

    def item_guid(self, item: changes.Change) -> str:
        return f"{item.appeal.get_absolute_url()}#{item.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: changes.Change):
        return item.at

    def item_updateddate(self, item: changes.Change):
        return item.at


class AppealFeed(ChangesFeed):
    def get_object(self, request, pk: int) -> Appeal:
        return get_object_or_404(
            Appeal.objects.select_related("addressee"), pk=pk, status__in=Appeal.PUBLIC
        )

    def title(self, obj: Appeal) -> str:
        return _("Appeal: %(title)s") % {"title": obj.title}

    def link(self, obj: Appeal) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Appeal) -> str:
        return _("The history of an appeal and its response. Addressee: %(addressee)s.") % {
            "addressee": obj.addressee.name
        }

    def items(self, obj: Appeal) -> list[changes.Change]:
        return changes.appeal_history_with_start(obj, limit=FEED_ITEMS)


class AddresseeFeed(ChangesFeed):
    def get_object(self, request, slug: str) -> Addressee:
        return get_object_or_404(Addressee, slug=slug)

    def title(self, obj: Addressee) -> str:
        return _("All appeals, addressee: %(addressee)s") % {"addressee": obj.name}

    def link(self, obj: Addressee) -> str:
        return reverse("appeals:list") + f"?state={Listing.ALL}&addressee={obj.slug}"

    def subtitle(self, obj: Addressee) -> str:
        return _("What happened to the public appeals to this addressee, newest first.")

    def items(self, obj: Addressee) -> list[changes.Change]:
        return changes.events_of(addressee_id=obj.pk, limit=FEED_ITEMS)


class ListFeed(ChangesFeed):
    """A followed list; `?addressee=` narrows it to one addressee."""

    def get_object(self, request, listing: str):
        if listing not in changes.FOLLOWED_LISTS:
            raise Http404
        slug = request.GET.get("addressee", "")[:64]
        addressee = get_object_or_404(Addressee, slug=slug) if slug else None
        return listing, addressee

    def title(self, obj) -> str:
        listing, addressee = obj
        name = str(changes.LIST_NAMES[listing])
        if addressee:
            return _("%(list)s, addressee: %(addressee)s") % {
                "list": name,
                "addressee": addressee.name,
            }
        return name

    def link(self, obj) -> str:
        listing, addressee = obj
        state = Listing.OPEN if listing == "new" else listing
        return (
            reverse("appeals:list")
            + f"?state={state}"
            + (f"&addressee={addressee.slug}" if addressee else "")
        )

    def subtitle(self, obj) -> str:
        return _("Appeals as they enter this list, newest first.")

    def items(self, obj) -> list[changes.Change]:
        listing, addressee = obj
        return changes.events_of(
            listing=listing, addressee_id=addressee.pk if addressee else None, limit=FEED_ITEMS
        )


class OverdueAppealsFeed(PublicFeed):
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
        heading = (
            _("Newly overdue responses")
            if tier == Listing.NEWLY_OVERDUE
            else _("Long overdue responses")
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
