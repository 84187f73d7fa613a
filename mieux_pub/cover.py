"""The EPUB's cover image, drawn like the PDF's cover page: title, subtitle, publisher and date on navy, then the
cover's picture and the partners' marks that publication.yml names."""

from __future__ import annotations

import io
import subprocess
from functools import cache

import cairosvg
from PIL import Image, ImageDraw, ImageFont

from .direction import direction
from .fonts import SANS, SCRIPT_FAMILIES, font_file, script

WIDTH, HEIGHT, MARGIN = 1600, 2400, 150
BAND = 420        # the white band at the foot that holds the partners' marks
LOGO_HEIGHT = 190
NAVY, WHITE, OCHRE, PALE = "#1f3a5f", "#ffffff", "#e9c46a", "#e8edf3"


# The cover is drawn with one font per line (Pillow has no fallback between fonts): for scripts that the Latin
# face lacks, one that also has Latin letters, for acronyms and digits. DejaVu Sans has Arabic and Hebrew.
COVER_FAMILIES = {"Arab": "DejaVu Sans", "Hebr": "DejaVu Sans"}


def _font(face: str, size: int, code: str) -> ImageFont.FreeTypeFont:
    own = script(code)
    if own in ("Latn", "Cyrl", "Grek"):
        return ImageFont.truetype(str(font_file(SANS, face)), size)  # the PDF's cover uses the sans-serif too
    family = COVER_FAMILIES.get(own) or (SCRIPT_FAMILIES.get(own) or ("", f"Noto Sans {own}"))[1]
    file, index = _installed(family, "bold" if face == "Semibold" else "regular")
    return ImageFont.truetype(file, size, index=index)


@cache   # fontconfig is asked once per face, not for every line of every cover
def _installed(family: str, weight: str) -> tuple[str, int]:
    """The file (and index in it) of the installed font fontconfig gives for a family."""
    found = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", f"{family}:weight={weight}"],
                           capture_output=True, text=True).stdout.split("\n")
    return found[0], int(found[1] or 0)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    # Chinese and Japanese have no spaces: their lines break between characters.
    words, space = (text.split(), " ") if " " in text.strip() else (list(text), "")
    lines, line = [], ""
    for word in words:
        candidate = f"{line}{space}{word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


def picture(data: bytes, width: int, height: int) -> Image.Image:
    """An image (SVG, as resources.sanitize_svg leaves it, or raster) scaled to fit a box, keeping its proportions."""
    if data.lstrip().startswith(b"<"):
        data = cairosvg.svg2png(bytestring=data, output_width=width)
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGBA")
    scale = min(width / image.width, height / image.height)
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)


def draw_cover(title: str, subtitle: str, publisher: str, date: str, code: str = "en",
               illustration: bytes | None = None, logos: tuple[bytes, ...] = ()) -> bytes:
    """Return the cover of an edition in a language as PNG bytes; the same texts always give the same bytes.

    The texts fill the upper half; the lower half holds the illustration, then the logos in a white band.
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    rtl = direction(code) == "rtl"
    y = 260
    for text, font, colour, gap in ((publisher.upper(), _font("Semibold", 44, code), OCHRE, 180),
                                    (title, _font("Semibold", 150, code), WHITE, 60),
                                    (subtitle, _font("Regular", 64, code), PALE, 120),
                                    (date, _font("Regular", 52, code), PALE, 0)):
        if not text:
            continue
        size = font.size
        for line in _wrap(draw, text, font, width):
            # A right-to-left line starts at the right margin.
            x = WIDTH - MARGIN - draw.textlength(line, font=font, direction="rtl") if rtl else MARGIN
            draw.text((x, y), line, font=font, fill=colour, direction="rtl" if rtl else None)
            y += int(size * 1.25)
        y += gap
    band = HEIGHT - BAND if logos else HEIGHT
    top = max(HEIGHT // 2, y + 80)
    if illustration and band - 80 - top > 200:   # below the texts, however many lines they took
        drawn = picture(illustration, width, band - 80 - top)
        image.paste(drawn, ((WIDTH - drawn.width) // 2, top + (band - 80 - top - drawn.height) // 2), drawn)
    if logos:
        draw.rectangle((0, band, WIDTH, HEIGHT), fill=WHITE)
        cell = width // len(logos)
        for i, logo in enumerate(reversed(logos) if rtl else logos):   # in reading order
            drawn = picture(logo, cell - 60, LOGO_HEIGHT)
            image.paste(drawn, (MARGIN + i * cell + (cell - drawn.width) // 2, band + (BAND - drawn.height) // 2),
                        drawn)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
