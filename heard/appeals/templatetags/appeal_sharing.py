"""Tags for what a shared or embedded appeal shows: head meta, share links, embed snippets."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

from heard.appeals.models import Appeal
from heard.appeals.sharing import absolute_url, card_key, share_links
from heard.core.text import markdown_to_safe_html

register = template.Library()


def _description(appeal: Appeal) -> str:
    count = appeal.signature_count
    signatures = ngettext("%(count)s signature", "%(count)s signatures", count) % {"count": count}
    return _("Appeal to %(addressee)s by %(group)s. %(signatures)s.") % {
        "addressee": appeal.addressee.name,
        "group": appeal.group_name,
        "signatures": signatures,
    }


@register.inclusion_tag("appeals/_meta.html")
def appeal_meta(appeal: Appeal, kind: str = "appeal") -> dict:
    """Open Graph and Twitter-card tags, every URL absolute. `kind` is "appeal" or "response"
    (the response's own page: its title and the answer's first words)."""
    if kind == "response":
        path = reverse("appeals:response", kwargs={"pk": appeal.pk})
        title = _("Response to “%(title)s”") % {"title": appeal.title}
        words = strip_tags(markdown_to_safe_html(appeal.response.text))
        description = f"{appeal.response.office}: {Truncator(words).chars(240)}"
    else:
        path = appeal.get_absolute_url()
        title = appeal.title
        description = _description(appeal)
    card = reverse("appeals:card", kwargs={"pk": appeal.pk}) + f"?v={card_key(appeal)}"
    return {
        "url": absolute_url(path),
        "title": title,
        "description": description,
        "image": absolute_url(card),
        "image_alt": _description(appeal),
        "site_name": settings.SITE_NAME,
        "locale": to_locale(get_language()),
    }


@register.inclusion_tag("appeals/_share_links.html")
def appeal_share_links(appeal: Appeal) -> dict:
    """Share links and a copy-link field, for the appeal page and the signer's pages."""
    url = absolute_url(appeal.get_absolute_url())
    return {"appeal": appeal, "url": url, "links": share_links(url=url, title=appeal.title)}


@register.inclusion_tag("appeals/_embed_snippets.html")
def appeal_embed_snippets(appeal: Appeal) -> dict:
    """Copy-paste HTML for other sites: the live counter in a frame and the SVG badge."""
    widget = absolute_url(reverse("appeals:widget", kwargs={"pk": appeal.pk}))
    badge = absolute_url(reverse("appeals:badge", kwargs={"pk": appeal.pk}))
    page = absolute_url(appeal.get_absolute_url())
    return {
        "appeal": appeal,
        "widget": format_html(
            '<iframe src="{}" title="{}" width="320" height="200" style="border:0"></iframe>',
            widget,
            appeal.title,
        ),
        "badge": format_html('<a href="{}"><img src="{}" alt="{}"></a>', page, badge, appeal.title),
    }
