"""The appeal's card: the 1200×630 PNG that Open Graph and Twitter show beside a shared link.

Drawn with Pillow in DejaVu Sans from Debian's fonts-dejavu-core (HEARD_CARD_FONT_DIR), which
has Cyrillic; the PNG is kept in the cache under `sharing.card_key`, so it is drawn again only
when what it shows changes (decision 0537).
"""

import io
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from heard.appeals.models import Appeal
from heard.appeals.sharing import card_key, material_count, next_threshold

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
INK = (26, 26, 26)
MUTED = (85, 85, 85)
ACCENT = (11, 87, 208)
TRACK = (221, 227, 236)
CARD_SECONDS = 7 * 86400


@lru_cache(maxsize=16)
def card_font(bold: bool, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(settings.HEARD_CARD_FONT_DIR) / name
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        # Pillow's own font has no Cyrillic: install fonts-dejavu-core (README).
        logger.warning("card font %s not found; Cyrillic will not render", path)
        return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, lines: int) -> list[str]:
    """Words into at most `lines` lines of at most `width` pixels; an ellipsis if cut."""
    result: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            result.append(current)
        current = word
        if len(result) == lines:
            break
    if current and len(result) < lines:
        result.append(current)
    cut = len(result) == lines and " ".join(result) != " ".join(text.split())
    return [
        _fit(draw, line, font, width, ellipsis=cut and number == len(result) - 1)
        for number, line in enumerate(result)
    ]


def _fit(draw: ImageDraw.ImageDraw, line: str, font, width: int, *, ellipsis: bool) -> str:
    """The line, cut with an ellipsis where it goes on or is too wide (one very long word)."""
    if not ellipsis and draw.textlength(line, font=font) <= width:
        return line
    while line and draw.textlength(line + "…", font=font) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def card_png(appeal: Appeal) -> bytes:
    """The card as the appeal stands, from the cache when nothing it shows has changed."""
    key = f"appeal-card:{card_key(appeal)}:{get_language()}"
    png = cache.get(key)
    if png is None:
        png = draw_card(appeal)
        cache.set(key, png, CARD_SECONDS)
    return png


def draw_card(appeal: Appeal) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 12), fill=ACCENT)

    small = card_font(False, 30)
    draw.text((MARGIN, 52), settings.SITE_NAME, font=card_font(True, 30), fill=ACCENT)
    addressee = _wrap(
        draw, _("Appeal to %(addressee)s") % {"addressee": appeal.addressee.name}, small, inner, 1
    )
    draw.text((MARGIN, 100), addressee[0] if addressee else "", font=small, fill=MUTED)

    title_font = card_font(True, 56)
    lines = _wrap(draw, appeal.title, title_font, inner, 3)
    if len(lines) == 3:
        title_font = card_font(True, 48)
        lines = _wrap(draw, appeal.title, title_font, inner, 3)
    y = 160
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.2)

    count = material_count(appeal.signature_count)
    shown = number_format(count, force_grouping=True)
    if count != appeal.signature_count:
        shown += "+"
    big = card_font(True, 64)
    draw.text((MARGIN, 418), shown, font=big, fill=INK)
    words = ngettext("signature", "signatures", count)
    draw.text((MARGIN + draw.textlength(shown, font=big) + 18, 444), words, font=small, fill=MUTED)
    _draw_progress(draw, appeal, count, small)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw_progress(draw: ImageDraw.ImageDraw, appeal: Appeal, count: int, font) -> None:
    if appeal.responded_at:
        note = _("The addressee has responded")
    elif appeal.status == Appeal.Status.REJECTED:
        note = _("Rejected by moderation")
    elif appeal.status == Appeal.Status.CLOSED:
        note = _("Closed for signing")
    else:
        progress = next_threshold(appeal, count)
        if progress.threshold is None:
            note = _("Every threshold reached")
        else:
            note = _("%(percent)s%% of %(threshold)s needed for %(goal)s") % {
                "percent": progress.percent,
                "threshold": number_format(progress.threshold, force_grouping=True),
                "goal": progress.label,
            }
        top = 512
        draw.rounded_rectangle((MARGIN, top, WIDTH - MARGIN, top + 24), 12, fill=TRACK)
        filled = MARGIN + (WIDTH - 2 * MARGIN) * progress.percent // 100
        if filled > MARGIN + 24:
            draw.rounded_rectangle((MARGIN, top, filled, top + 24), 12, fill=ACCENT)
    draw.text((MARGIN, 556), note, font=font, fill=MUTED)
