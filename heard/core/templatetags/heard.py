from django import template

from heard.core.text import markdown_to_safe_html

register = template.Library()


@register.filter
def markdown(text: str):
    return markdown_to_safe_html(text or "")
