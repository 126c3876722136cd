"""Public lists of an addressee's overdue addresses, in two tiers (newly and long overdue), per
department, as pages and Atom feeds: numbers, topics and days only, never a text or a name."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from heard.addresses import selectors
from heard.core import lateness
from heard.offices.models import Addressee

FEED_ITEMS = 100
SORT_LABELS = {
    "most_late": gettext_lazy("most late"),
    "least_late": gettext_lazy("least late"),
    "newest": gettext_lazy("newest received"),
    "oldest": gettext_lazy("oldest received"),
}


def _chosen(request: HttpRequest, slug: str, tier: str):
    if tier not in lateness.TIERS:
        raise Http404
    addressee = get_object_or_404(Addressee, slug=slug)
    code = request.GET.get("department", "")[:64]
    department = addressee.departments.filter(code=code).first() if code else None
    if code and department is None:
        raise Http404
    return addressee, department


def overdue_list(request: HttpRequest, slug: str) -> HttpResponse:
    tier = request.GET.get("tier", lateness.NEWLY_OVERDUE)
    addressee, department = _chosen(request, slug, tier)
    sort = request.GET.get("sort", "")
    if sort not in selectors.OVERDUE_SORTS:
        sort = "most_late"
    addresses = selectors.addresses_overdue(
        addressee=addressee, tier=tier, department=department, sort=sort
    )
    page = Paginator(addresses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "addresses/overdue.html",
        {
            "addressee": addressee,
            "department": department,
            "departments": addressee.departments.order_by("name"),
            "tier": tier,
            "page": page,
            "sort": sort,
            "sorts": SORT_LABELS.items(),
        },
    )


class OverdueAddressesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str, tier: str):
        addressee, department = _chosen(request, slug, tier)
        return addressee, department, tier

    def title(self, obj) -> str:
        addressee, department, tier = obj
        heading = (
            _("Long overdue addresses") if tier == lateness.LONG_OVERDUE else _(
                "Newly overdue addresses"
            )
        )
        where = f"{addressee.name}, {department.name}" if department else addressee.name
        return f"{heading}: {where}"

    def link(self, obj) -> str:
        addressee, department, tier = obj
        query = f"?tier={tier}" + (f"&department={department.code}" if department else "")
        return reverse("addresses:overdue", kwargs={"slug": addressee.slug}) + query

    def subtitle(self, obj) -> str:
        return _("Addresses past the due date of their answer; numbers and topics only.")

    def items(self, obj):
        addressee, department, tier = obj
        return selectors.addresses_overdue(
            addressee=addressee, tier=tier, department=department
        )[:FEED_ITEMS]

    def item_title(self, item) -> str:
        days = item.answer_days_late or 0
        return ngettext(
            "%(number)s: answer %(days)d day overdue",
            "%(number)s: answer %(days)d days overdue",
            days,
        ) % {"number": item.number, "days": days}

    def item_description(self, item) -> str:
        topic = item.category.name if item.category else item.get_kind_display()
        return _("%(topic)s; the answer was due by %(due)s.") % {
            "topic": topic,
            "due": item.answer_due_at.date().isoformat(),
        }

    def item_link(self, item) -> str:
        return reverse("addresses:track") + f"?number={item.number}"

    def item_guid(self, item) -> str:
        return f"address-{item.number}"

    def item_updateddate(self, item):
        return item.answer_due_at

    def item_pubdate(self, item):
        return item.answer_due_at
