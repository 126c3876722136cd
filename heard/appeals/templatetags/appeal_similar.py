"""The list of similar appeals, on an appeal's page and on the moderators' queue."""

from django import template

from heard.appeals.similar import similar_appeals

register = template.Library()


@register.inclusion_tag("appeals/_similar.html")
def appeal_similar_list(appeal, heading_level: int = 2) -> dict:
    return {"appeal": appeal, "similar": similar_appeals(appeal), "heading_level": heading_level}
