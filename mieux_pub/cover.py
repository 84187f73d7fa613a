"""The EPUB's cover image, drawn like the PDF's cover page: title, subtitle, publisher and date on navy."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from .fonts import SANS, font_file

WIDTH, HEIGHT, MARGIN = 1600, 2400, 150
NAVY, WHITE, OCHRE, PALE = "#1f3a5f", "#ffffff", "#e9c46a", "#e8edf3"


def _font(face: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(SANS, face)), size)  # the PDF's cover uses the sans-serif too


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


def draw_cover(title: str, subtitle: str, publisher: str, date: str) -> bytes:
    """Return the cover as PNG bytes; the same texts always give the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    y = 420
    for text, font, colour, gap in ((publisher.upper(), _font("Semibold", 44), OCHRE, 260),
                                    (title, _font("Semibold", 150), WHITE, 70),
                                    (subtitle, _font("Regular", 64), PALE, 220),
                                    (date, _font("Regular", 52), PALE, 0)):
        if not text:
            continue
        size = font.size
        for line in _wrap(draw, text, font, width):
            draw.text((MARGIN, y), line, font=font, fill=colour)
            y += int(size * 1.25)
        y += gap
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
