"""What a shared appeal shows elsewhere: absolute links, share links, the card's version.

Share links are plain links to each site's own share page (no script, button image or counter
of theirs is loaded here: the visitor's browser talks to that site only when they click).
Everything below is pure; the card itself is drawn in cards.py.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from heard.appeals.models import Appeal


def absolute_url(path: str) -> str:
    """The configured public address (HEARD_SITE_URL), never the request's Host header: a
    shared link or a card must not point wherever a forged header said."""
    return settings.SITE_URL + path


@dataclass(frozen=True)
class ShareLink:
    site: str  # a stable name for tests and CSS
    label: str
    href: str


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """Links to the share pages of Telegram, VK and WhatsApp, and a mailto: with the text."""
    text = _("Sign the appeal “%(title)s”") % {"title": title}
    return [
        ShareLink("telegram", "Telegram", _query("https://t.me/share/url", url=url, text=text)),
        ShareLink("vk", _("VK"), _query("https://vk.com/share.php", url=url, title=title)),
        ShareLink("whatsapp", "WhatsApp", _query("https://wa.me/", text=f"{text} {url}")),
        ShareLink("email", _("E-mail"), _query("mailto:", subject=text, body=f"{text}\n{url}")),
    ]


def _query(base: str, **params: str) -> str:
    # quote, not quote_plus: mailto: wants %20 for spaces (RFC 6068), and the others accept it.
    return base + "?" + urlencode(params, quote_via=quote)


def material_count(count: int) -> int:
    """The count as the card shows it: exact below 1,000, then three significant digits
    (12,345 → 12,300). A card is redrawn only when this changes, and social sites keep a
    card for days anyway, so a last-digit count on it would be stale all the same."""
    if count < 1000:
        return count
    step = 10 ** (len(str(count)) - 3)
    return count - count % step


@dataclass(frozen=True)
class Progress:
    """Progress towards the next threshold the appeal has not reached; `threshold` is None
    when every threshold is reached."""

    threshold: int | None
    percent: int
    label: str


def next_threshold(appeal: Appeal, count: int) -> Progress:
    addressee = appeal.addressee
    for reached, threshold, label in (
        (
            appeal.response_threshold_reached_at,
            addressee.response_threshold,
            pgettext("goal of a threshold", "response"),
        ),
        (
            appeal.consideration_threshold_reached_at,
            addressee.consideration_threshold,
            pgettext("goal of a threshold", "consideration"),
        ),
    ):
        if reached is None and count < threshold:
            return Progress(threshold, min(100, count * 100 // max(threshold, 1)), label)
    return Progress(None, 100, "")


def card_key(appeal: Appeal) -> str:
    """What the card shows, as a short string: its cache key and its URL's version, so a
    changed card gets a new URL that sites fetch again."""
    marks = (
        appeal.pk,
        material_count(appeal.signature_count),
        appeal.status,
        appeal.title,
        appeal.addressee.name,
        appeal.responded_at is not None,
        appeal.response_threshold_reached_at is not None,
        appeal.consideration_threshold_reached_at is not None,
    )
    return hashlib.sha256(repr(marks).encode()).hexdigest()[:12]
