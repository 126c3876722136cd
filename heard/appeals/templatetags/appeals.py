from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

from heard.appeals import selectors

register = template.Library()


@register.filter
def response_state(appeal) -> str:
    """ "not_due", "awaiting", "overdue" or "responded", as the detail page and the API say."""
    return selectors.appeal_response_state(appeal)


class PageCacheNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context) -> str:
        seconds = settings.HEARD_PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.nodelist.render(context)
        vary_on = [get_language(), *(value.resolve(context) for value in self.vary_on)]
        key = make_template_fragment_key(self.name, vary_on)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, seconds)
        return html


@register.tag
def page_cache(parser, token):
    """`{% page_cache "name" value… %}…{% endpage_cache %}`: the enclosed part as rendered in the
    last HEARD_PAGE_CACHE_SECONDS for the same name, values and language (0 turns it off).

    Only for what is the same for every visitor: never a CSRF token, a message, a bound form or
    anything that depends on the user. What the part shows must be named by the values, or it
    may be stale for up to the cache time."""
    arguments = token.split_contents()
    if len(arguments) < 2:
        raise template.TemplateSyntaxError("page_cache needs a name")
    nodelist = parser.parse(("endpage_cache",))
    parser.delete_first_token()
    name = arguments[1].strip("\"'")
    return PageCacheNode(nodelist, name, [parser.compile_filter(value) for value in arguments[2:]])
