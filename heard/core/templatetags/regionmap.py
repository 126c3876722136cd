"""`{% region_map rows ident=… title=… column=… %}`: the tile-grid map of counts by
region with its table (heard/core/regionmap.py).

`rows` may be an appeal's region rows (objects with `.region` and `.count`) or dicts with
`count` and either `region__code` or, as the campaign page's grouped counts have them,
`region__name_ru`."""

from django import template

from heard.core import regionmap

register = template.Library()


@register.inclusion_tag("includes/region_map.html")
def region_map(rows, *, ident: str, title: str, column: str) -> dict:
    figures = regionmap.region_figures(_counts(rows))
    return {
        "ident": ident,
        "title": title,
        "column": column,
        "figures": figures,
        "map": regionmap.region_map_svg(ident=ident, title=title, figures=figures),
    }


def _counts(rows) -> list[tuple[str, str, int]]:
    names = None
    codes_by_name = None
    counts = []
    for row in rows or ():
        if hasattr(row, "region"):
            counts.append((row.region.code, row.region.name, row.count))
            continue
        if names is None:
            names = regionmap.region_names()
        code = row.get("region__code")
        if code is None and row.get("region__name_ru"):
            if codes_by_name is None:
                from heard.offices.models import Region

                codes_by_name = dict(Region.objects.values_list("name_ru", "code"))
            code = codes_by_name.get(row["region__name_ru"])
        if code:  # addresses without a region are counted elsewhere on the page
            counts.append((code, names.get(code, code), row["count"]))
    return counts
