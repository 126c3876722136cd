"""What can be followed, named one way everywhere: an appeal, an addressee, or a list (optionally
to one addressee). A target comes from the follow form's fields or from a stored follow; it
knows its title, its page, its Atom feed and what changed about it."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from heard.appeals import changes
from heard.appeals.models import Appeal
from heard.appeals.selectors import Listing
from heard.offices.models import Addressee

APPEAL, ADDRESSEE, LIST = "appeal", "addressee", "list"


@dataclass(frozen=True)
class Target:
    kind: str
    appeal: Appeal | None = None
    addressee: Addressee | None = None
    listing: str = ""

    @property
    def key(self) -> str:
        if self.kind == APPEAL:
            return f"appeal:{self.appeal.pk}"
        if self.kind == ADDRESSEE:
            return f"addressee:{self.addressee.pk}"
        return f"list:{self.listing}" + (f":{self.addressee.pk}" if self.addressee else "")

    @property
    def title(self) -> str:
        if self.kind == APPEAL:
            return _("Appeal “%(title)s”") % {"title": self.appeal.title}
        if self.kind == ADDRESSEE:
            return _("All appeals, addressee: %(addressee)s") % {"addressee": self.addressee.name}
        name = str(changes.LIST_NAMES[self.listing])
        if self.addressee:
            return _("%(list)s, addressee: %(addressee)s") % {
                "list": name,
                "addressee": self.addressee.name,
            }
        return name

    def page_url(self) -> str:
        if self.kind == APPEAL:
            return self.appeal.get_absolute_url()
        state = Listing.ALL if self.kind == ADDRESSEE else self.listing
        state = Listing.OPEN if state == "new" else state
        query = f"?state={state}" + (f"&addressee={self.addressee.slug}" if self.addressee else "")
        return reverse("appeals:list") + query

    def feed_url(self) -> str:
        if self.kind == APPEAL:
            return reverse("appeals:appeal_feed", kwargs={"pk": self.appeal.pk})
        if self.kind == ADDRESSEE:
            return reverse("appeals:addressee_feed", kwargs={"slug": self.addressee.slug})
        url = reverse("appeals:list_feed", kwargs={"listing": self.listing})
        return url + (f"?addressee={self.addressee.slug}" if self.addressee else "")

    def form_query(self) -> str:
        """The follow form's query string for this target."""
        if self.kind == APPEAL:
            return f"appeal={self.appeal.pk}"
        if self.kind == ADDRESSEE:
            return f"addressee={self.addressee.slug}"
        return f"list={self.listing}" + (
            f"&addressee={self.addressee.slug}" if self.addressee else ""
        )

    def changes(self, *, since: datetime | None, until: datetime) -> list[changes.Change]:
        return changes.events_of(
            appeal=self.appeal if self.kind == APPEAL else None,
            addressee_id=self.addressee.pk if self.addressee else None,
            listing=self.listing if self.kind == LIST else "",
            since=since,
            until=until,
        )


def target_from(*, appeal: str = "", addressee: str = "", listing: str = "") -> Target | None:
    """The target named by the form's fields (an appeal's number, an addressee's slug, a list's
    name), or None when they name nothing that can be followed."""
    if appeal:
        if not appeal.isdigit() or len(appeal) > 18 or addressee or listing:
            return None
        found = Appeal.objects.filter(pk=int(appeal), status__in=Appeal.PUBLIC).first()
        return Target(APPEAL, appeal=found) if found else None
    found_addressee = None
    if addressee:
        found_addressee = Addressee.objects.filter(slug=addressee[:64]).first()
        if found_addressee is None:
            return None
    if listing:
        if listing not in changes.FOLLOWED_LISTS:
            return None
        return Target(LIST, addressee=found_addressee, listing=listing)
    return Target(ADDRESSEE, addressee=found_addressee) if found_addressee else None


def target_of(follow) -> Target:
    return Target(
        follow.kind, appeal=follow.appeal, addressee=follow.addressee, listing=follow.listing
    )
