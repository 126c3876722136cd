"""Counts by region as a tile-grid map: server-drawn SVG, one equal square per federal subject
placed roughly where it lies (heard/core/data/region_tiles.csv, keyed by the Region codes).

A tile map needs no geometry and keeps Moscow as visible as Yakutia. Each tile is shaded by the
region's share in five steps; a region with a count is a link to its row of the table shown
beside the map, so keyboard users can tab through the regions. Its figures show on hover and
on focus (a caption the site's CSS reveals; no script, no inline style: the CSP forbids both)
and in the link's accessible name. Decision 0533."""

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

TILES_FILE = Path(__file__).parent / "data" / "region_tiles.csv"
TILE, GAP, PAD = 40, 4, 2
STEPS = 5
CAPTION_HEIGHT, LEGEND_LINE = 40, 28
LEGEND_HEIGHT = 2 * LEGEND_LINE + 8


@dataclass(frozen=True)
class Tile:
    code: str
    column: int
    row: int
    label_ru: str


@dataclass(frozen=True)
class RegionFigure:
    code: str
    name: str
    count: int
    share: float  # of the map's total, 0..1

    @property
    def share_percent(self) -> str:
        return _percent(self.share)


@cache
def tiles() -> tuple[Tile, ...]:
    with TILES_FILE.open(encoding="utf-8") as handle:
        return tuple(
            Tile(row["code"], int(row["column"]), int(row["row"]), row["label_ru"])
            for row in csv.DictReader(handle)
        )


def region_figures(counts: list[tuple[str, str, int]]) -> list[RegionFigure]:
    """(code, name, count) rows, largest first, with each one's share of their total."""
    total = sum(count for _code, _name, count in counts)
    return sorted(
        (
            RegionFigure(code, name, count, count / total if total else 0.0)
            for code, name, count in counts
            if count > 0
        ),
        key=lambda figure: (-figure.count, figure.name),
    )


def region_names() -> dict[str, str]:
    """Every region's name in the current language, by code (the Region table, 89 rows)."""
    from heard.offices.models import Region

    return {region.code: region.name for region in Region.objects.all()}


def region_map_svg(
    *, ident: str, title: str, figures: list[RegionFigure], style: str = ""
) -> SafeString:
    """The map of `figures` (from region_figures), titled by what it counts. Regions without a
    tile (added by an administrator) are only in the table. `style` is CSS carried inside the
    SVG, for a document that has no page stylesheet around it (the PDF)."""
    by_code = {figure.code: figure for figure in figures}
    peak = max((figure.share for figure in figures), default=0.0)
    names = region_names()
    english = (get_language() or "").startswith("en")
    layout = tiles()
    columns = max(tile.column for tile in layout) + 1
    rows = max(tile.row for tile in layout) + 1
    width = columns * (TILE + GAP) + 2 * PAD
    grid_height = rows * (TILE + GAP) + 2 * PAD
    caption_y = grid_height + 26
    height = grid_height + CAPTION_HEIGHT + LEGEND_HEIGHT
    described = _(
        "Each square is a region, placed roughly where it lies; darker means a larger share."
    )
    hint = _("Point at or tab to a region to see its figures.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="group"'
        f' aria-labelledby="{ident}-title {ident}-desc" class="region-map" id="{ident}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(described)}</desc>',
        f"<style>{style}</style>" if style else "",
        f'<text class="map-hint" x="{PAD}" y="{caption_y}">'
        f"{escape(hint)}</text>",
    ]
    for tile in layout:
        x, y = PAD + tile.column * (TILE + GAP), PAD + tile.row * (TILE + GAP)
        figure = by_code.get(tile.code)
        name = figure.name if figure else names.get(tile.code, tile.code)
        label = tile.code if english else tile.label_ru
        step = _step(figure.share, peak) if figure else 0
        if figure:
            info = _("%(name)s: %(count)s, %(share)s") % {
                "name": name,
                "count": _number(figure.count),
                "share": figure.share_percent,
            }
        else:
            info = _("%(name)s: none") % {"name": name}
        shape = (
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="3"/>'
            f'<text class="tile-label" x="{x + TILE / 2:g}" y="{y + TILE / 2 + 5:g}"'
            f' text-anchor="middle" aria-hidden="true">{escape(label)}</text>'
            f'<text class="tile-info" x="{PAD}" y="{caption_y}" aria-hidden="true">'
            f"{escape(info)}</text>"
        )
        if figure:
            parts.append(
                f'<a class="tile step-{step}" href="#{ident}-{escape(tile.code)}"'
                # The name holds the tile's visible text, the label and then the caption
                # (axe's label-content-name-mismatch), so speech input can say what is seen.
                f' aria-label="{escape(label)} {escape(info)}"><title>{escape(info)}</title>'
                f"{shape}</a>"
            )
        else:
            parts.append(
                f'<g class="tile step-0"><title>{escape(info)}</title>{shape}</g>'
            )
    parts.extend(_legend(peak, y=grid_height + CAPTION_HEIGHT, width=width))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend(peak: float, *, y: int, width: int) -> list[str]:
    """Swatches: none, then the five steps by the upper share each stands for; wrapped onto a
    second line when the language's words do not fit on one."""
    items = [(0, _("none"))]
    items += [
        (step, _("up to %(share)s") % {"share": _percent(peak * step / STEPS)})
        for step in range(1, STEPS + 1)
    ]
    parts = ['<g class="legend" aria-hidden="true">']
    x = PAD
    for step, text in items:
        item_width = 21 + 8 * len(text) + 16
        if x + item_width > width:
            x, y = PAD, y + LEGEND_LINE
        parts.append(
            f'<rect class="step-{step}" x="{x}" y="{y + 8}" width="16" height="16" rx="2"/>'
            f'<text x="{x + 21}" y="{y + 21}">{escape(text)}</text>'
        )
        x += item_width
    parts.append("</g>")
    return parts


def _step(share: float, peak: float) -> int:
    if share <= 0 or peak <= 0:
        return 0
    return max(1, min(STEPS, math.ceil(share / peak * STEPS)))


def _number(value: int) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _percent(share: float) -> str:
    return formats.number_format(round(share * 100, 1), decimal_pos=1, use_l10n=True) + "%"
