"""Links between the views of one public list: the same search with another state, sort or page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def list_query(context, **changes) -> str:
    """The current query string with `changes` applied (an empty value removes the parameter),
    always back to the first page unless `page` is among them; starts with "?"."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value not in ("", None):
            params[name] = str(value)
    return "?" + params.urlencode()
