"""The rows of the responder's queue, written out in Python (decision 0565).

A page of 50 rows, each some thirty template tags and variables, cost the queue page most of its
CPU (about 80 of 125 ms a page at 100,000 addresses; the SQL was a few ms): the page is asked
for over and over by every responder. Here a row costs tens of microseconds. The markup is the
template's as it was (tests/addresses/test_queue_rows.py renders rows both ways); the table
around the rows, its head and the empty queue stay in addresses/queue.html."""

from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from heard.addresses import selectors
from heard.addresses.models import Address
from heard.core.form_rendering import shown
from heard.offices.models import Addressee

EXCERPT_CHARS = 180


def _labels(field: str) -> dict:
    """A choice field's labels by value, as get_FOO_display reads them (which makes every
    choice hashable and translates every label again, for each row: 2 ms a row)."""
    return dict(Address._meta.get_field(field).flatchoices)


class _Page:
    """What every row of one page shares: the words, the choices' labels, the days seen."""

    def __init__(self):
        self.statuses = _labels("status")
        self.channels = _labels("channel")
        self.days: dict = {}
        # Literal calls, so that makemessages finds each word here too.
        self.words = {
            name: shown(word)
            for name, word in {
                "received": gettext("Received"),
                "applicant": gettext("Applicant"),
                "category": gettext("Category"),
                "state": gettext("State"),
                "channel": gettext("Channel"),
                "due": gettext("Answer due"),
                "organisation": gettext("organisation"),
                "anonymous": gettext("anonymous"),
                "named": gettext("named"),
                "verified_title": gettext(
                    "The sender proved their identity with an identity provider"),
                "verified": gettext("identity verified"),
            }.items()
        }

    def day(self, moment, style: str) -> str:
        """`{{ moment|date:style }}`; the rows of a page fall on a few days."""
        if moment is None:
            return ""
        local = timezone.localtime(moment)
        key = (local.date(), style)
        if key not in self.days:
            self.days[key] = shown(date_format(local, style))
        return self.days[key]

    def label(self, labels: dict, value) -> str:
        return shown(force_str(labels.get(value, value), strings_only=True))


def _due(address: Address, urgency: str) -> str:
    if urgency == "overdue":
        days = address.answer_days_late
        text = ngettext("%(days)s day overdue", "%(days)s days overdue", days)
        return f' <strong class="late">{text % {"days": shown(days)}}</strong>'
    days = address.days_left
    if days is None:
        return ""
    text = ngettext("%(days)s day left", "%(days)s days left", days)
    kind = "soon" if urgency == "due_soon" else "left"
    return f' <span class="{kind}">{text % {"days": shown(days)}}</span>'


def _row(address: Address, page: _Page) -> SafeString:
    words = page.words
    pk = str(address.pk)
    number = shown(address.number)
    urgency = selectors.address_urgency(address)
    category = shown((address.category.name if address.category else "") or "—")
    if address.campaign:
        category += f'<span class="sub">{shown(address.campaign.title)}</span>'
    department = shown((address.department.name if address.department else "") or "—")
    badge = ""
    # A reverse one-to-one: absent is an exception (an AttributeError), as the template had it.
    if getattr(address, "identity_verification", None):
        badge = f'<span class="badge" title="{words["verified_title"]}">{words["verified"]}</span>'
    region = f'<span class="sub">{shown(address.region.name)}</span>' if address.region else ""
    choose = gettext("Choose %(number)s") % {"number": number}
    return mark_safe(  # noqa: S308 - every value above is escaped by shown()
        f'<tr class="{shown(urgency)}">\n'
        f'    <td class="pick"><input type="checkbox" name="address" value="{pk}" id="pick-{pk}"'
        f' aria-label="{choose}"></td>\n'
        f'    <th scope="row" class="subject"><a href="'
        f'{shown(reverse("addresses:staff_detail", args=[address.pk]))}" class="number">'
        f'{number}</a> <span class="excerpt">'
        f"{shown(Truncator(address.text).chars(EXCERPT_CHARS))}</span></th>\n"
        f'    <td data-label="{words["received"]}" class="nowrap">'
        f'{page.day(address.received_at, "j E")}</td>\n'
        f'    <td data-label="{words["applicant"]}">{words[address.applicant_kind]}</td>\n'
        f'    <td data-label="{words["category"]}">{category}</td>\n'
        f'    <td data-label="{words["state"]}">{page.label(page.statuses, address.status)}'
        f'<span class="sub">{department}</span></td>\n'
        f'    <td data-label="{words["channel"]}">{page.label(page.channels, address.channel)}'
        f" {badge}\n{region}</td>\n"
        f'    <td data-label="{words["due"]}" class="due"><span class="nowrap">'
        f'{page.day(address.answer_due_at, "j E Y")}</span>{_due(address, urgency)}</td>\n'
        "  </tr>"
    )


def queue_rows(addresses: list[Address], *, addressee: Addressee) -> list[SafeString]:
    """Each address of a queue page as its table row."""
    page = _Page()
    rows = []
    for address in addresses:
        # One addressee (and its cached policy) for the whole page, not a query per row.
        address.addressee = addressee
        rows.append(_row(address, page))
    return rows
