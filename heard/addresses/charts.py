"""Charts as server-side SVG: readable without JavaScript, with a title and a description for
screen readers; each chart is shown next to a table with the same figures."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 48, 40, 16
# Colours with at least 3:1 contrast against white (WCAG 1.4.11).
PALETTE = ["#2e7d32", "#b45309", "#a4161a", "#0b4f8a", "#6b21a8"]


def stacked_bars(
    *,
    ident: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
) -> SafeString:
    """Bars per label, stacked by series (name, values)."""
    totals = [sum(values[i] for _name, values in series) for i in range(len(labels))]
    peak = max(totals + [1])
    plot_width, plot_height = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_width / max(len(labels), 1)
    bar = max(step * 0.6, 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 24 * len(series)}"'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc" class="chart">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_height}" x2="{WIDTH - 8}" y2="{TOP + plot_height}"'
        ' stroke="#1b1b1b"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="12">'
        f"{_number(peak)}</text>",
        f'<text x="{LEFT - 6}" y="{TOP + plot_height}" text-anchor="end" font-size="12">0</text>',
    ]
    for index, label in enumerate(labels):
        x = LEFT + index * step + (step - bar) / 2
        y = TOP + plot_height
        for colour, (_name, values) in zip(PALETTE, series, strict=False):
            height = values[index] / peak * plot_height
            if height > 0:
                y -= height
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}"'
                    f' fill="{colour}"><title>{escape(label)}: {_number(values[index])}'
                    "</title></rect>"
                )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_height + 16}" text-anchor="middle"'
            f' font-size="11">{escape(label)}</text>'
        )
    for index, (colour, (name, _values)) in enumerate(zip(PALETTE, series, strict=False)):
        y = HEIGHT + index * 24
        parts.append(f'<rect x="{LEFT}" y="{y - 12}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{LEFT + 20}" y="{y}" font-size="13">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
