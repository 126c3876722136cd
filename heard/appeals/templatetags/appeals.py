from django import template

from heard.appeals import selectors

register = template.Library()


@register.filter
def response_state(appeal) -> str:
    """ "not_due", "awaiting", "overdue" or "responded", as the detail page and the API say."""
    return selectors.appeal_response_state(appeal)
