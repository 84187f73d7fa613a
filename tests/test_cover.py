"""The EPUB's cover image: texts above, the cover's picture and the partners' marks below."""

import io

from PIL import Image

from mieux_pub.cover import HEIGHT, WIDTH, draw_cover

NAVY, WHITE = (31, 58, 95), (255, 255, 255)


def mark(colour: str, width: int = 300) -> bytes:
    """A logo as an SVG file: a plain rectangle of one colour."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 100" width="{width}" height="100">'
            f'<rect width="{width}" height="100" fill="{colour}"/></svg>').encode()


def png_mark(colour: tuple) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def columns_of(image: Image.Image, colour: tuple, top: int, bottom: int) -> list[int]:
    """The x of every column holding the colour between two heights."""
    pixels = image.load()
    return [x for x in range(image.width) if any(pixels[x, y] == colour for y in range(top, bottom, 5))]


def cover(code: str = "en", picture: bytes | None = None, logos=()) -> Image.Image:
    data = draw_cover("Creating Links", "Ten years", "ICMPD", "15 December 2020", code, picture, logos)
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_the_partners_marks_stand_in_reading_order_on_a_white_band_at_the_foot():
    logos = (mark("#ff0000"), mark("#00ff00", 150), png_mark((0, 0, 255)))
    for code, order in (("en", [(255, 0, 0), (0, 255, 0), (0, 0, 255)]),
                        ("ar", [(0, 0, 255), (0, 255, 0), (255, 0, 0)])):
        image = cover(code, logos=logos)
        assert image.getpixel((5, HEIGHT - 5)) == WHITE and image.getpixel((WIDTH - 5, HEIGHT - 5)) == WHITE
        assert image.getpixel((5, HEIGHT // 2)) == NAVY
        starts = [min(columns_of(image, colour, HEIGHT * 3 // 4, HEIGHT)) for colour in order]
        assert starts == sorted(starts), code   # left to right in English, right to left in Arabic
        assert not columns_of(image, order[0], 0, HEIGHT * 3 // 4)   # each mark lies within the band


def test_the_cover_picture_fills_the_lower_half_above_the_band_and_without_partners_there_is_no_band():
    image = cover(picture=mark("#e9c46a", 800), logos=(mark("#ff0000"),))
    rows = [y for y in range(0, HEIGHT, 10) if image.getpixel((WIDTH // 2, y)) == (233, 196, 106)]
    assert rows and min(rows) >= HEIGHT // 2 and max(rows) < HEIGHT - 420
    alone = cover(picture=mark("#e9c46a", 800))
    assert alone.getpixel((5, HEIGHT - 5)) == NAVY
    assert cover().getpixel((WIDTH // 2, HEIGHT * 3 // 4)) == NAVY   # no picture, no marks: the navy ground
