from django import template

from heard.appeals import changes, selectors

register = template.Library()


@register.filter
def response_state(appeal) -> str:
    """ "not_due", "awaiting", "overdue" or "responded", as the detail page and the API say."""
    return selectors.appeal_response_state(appeal)


@register.filter
def response_days_late(appeal) -> int | None:
    """Days past the due date of the response given late, or of one still owed; None if not."""
    return selectors.appeal_response_days_late(appeal)


@register.filter
def lateness_tier(appeal) -> str:
    """ "", "newly_overdue" or "long_overdue" for an appeal still owed its response."""
    return selectors.appeal_lateness_tier(appeal)


@register.filter
def event_label(verb: str) -> str:
    """An appeal's public event in words, as its feed and the list of changes name it."""
    return str(changes.EVENT_LABELS.get(verb, verb))
