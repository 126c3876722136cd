"""Draws the PNG copies of heard's mark (heard/static/heard/icons/mark.svg) with Pillow, for
browsers that take no SVG icon and for the home-screen icon: `python scripts/make_icons.py`.
The shapes are the SVG's own, drawn four times larger and scaled down for smooth edges."""

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = (11, 79, 138, 255)
WHITE = (255, 255, 255, 255)
ICONS = Path(__file__).resolve().parent.parent / "heard" / "static" / "heard" / "icons"
SIZES = {"favicon-32.png": 32, "apple-touch-icon.png": 180, "icon-192.png": 192}
OVERSAMPLE = 4


def draw(size: int, *, rounded: bool) -> Image.Image:
    big = size * OVERSAMPLE
    unit = big / 64  # the SVG's viewBox is 64 units wide

    def at(*points: float) -> list[float]:
        return [value * unit for value in points]

    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle(at(0, 0, 64, 64), radius=14 * unit if rounded else 0, fill=ACCENT)
    # The speech bubble: a rounded body and its tail.
    pen.rounded_rectangle(at(9, 13, 55, 46), radius=7 * unit, fill=WHITE)
    pen.polygon(at(20, 45, 31, 45, 20, 55), fill=WHITE)
    # The tick, as round-ended strokes.
    width = round(6 * unit)
    tick = at(21, 29.5, 28.5, 37, 44, 21.5)
    pen.line(tick, fill=ACCENT, width=width, joint="curve")
    for x, y in (tick[0:2], tick[4:6]):
        pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=ACCENT)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for name, size in SIZES.items():
        # The home-screen icon is square: the phone rounds its corners itself.
        draw(size, rounded=name != "apple-touch-icon.png").save(ICONS / name, optimize=True)


if __name__ == "__main__":
    main()
