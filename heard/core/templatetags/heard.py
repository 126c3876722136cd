from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from heard.core.text import markdown_to_safe_html

register = template.Library()


@register.filter
def markdown(text: str):
    return markdown_to_safe_html(text or "")


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """This page in each language, for the switch in the page's header: plain links to the
    language-prefixed URL (decision 0520), so that no page needs a form or a token for it."""
    request = context.get("request")
    current = translation.get_language()
    here = request.get_full_path() if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(here, code),
                "current": code == current,
            }
        )
    return links
