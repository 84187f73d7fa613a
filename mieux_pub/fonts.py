"""The fonts of the print edition: the Latin ones that ship with mieux-pub's dependencies (SIL Open Font
License), and the Noto fonts that `make build` installs from Debian for every other script."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import babel
import font_source_sans_pro
import font_source_serif_pro
from fontTools import unicodedata

from .config import script

SERIF = ("Source Serif Pro", Path(font_source_serif_pro.font_directory), "SourceSerifPro")
SANS = ("Source Sans Pro", Path(font_source_sans_pro.font_directory), "SourceSansPro")
FONTS = (SERIF, SANS)

# The Debian packages the Makefile installs, and what they cover.
CJK_PACKAGE = "fonts-noto-cjk"          # Noto Serif and Sans CJK: Han, Kana, Hangul, Bopomofo
EMOJI_PACKAGE = "fonts-noto-color-emoji"
CORE_PACKAGE = "fonts-noto-core"        # Noto Serif and Sans for the other scripts (Arabic, Devanagari, Hebrew…)
PACKAGES = (CORE_PACKAGE, CJK_PACKAGE, EMOJI_PACKAGE)
CJK_SCRIPTS = {"Hani", "Hans", "Hant", "Jpan", "Kore", "Hira", "Kana", "Hang", "Bopo"}

# (serif, sans) for an ISO 15924 script, when it is not "Noto Serif <name>" and "Noto Sans <name>".
SCRIPT_FAMILIES = {
    "Latn": (), "Cyrl": (), "Grek": (),   # Source Serif Pro and Noto Serif cover them
    "Arab": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "Hans": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
    "Hant": ("Noto Serif CJK TC", "Noto Sans CJK TC"),
    "Jpan": ("Noto Serif CJK JP", "Noto Sans CJK JP"),
    "Kore": ("Noto Serif CJK KR", "Noto Sans CJK KR"),
}


def stacks(locale: babel.Locale, named: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The serif and sans-serif font families of an edition, in the order a glyph is looked for.

    Fonts the publication names come first; then the Latin faces, the script's own Noto faces, Noto and
    DejaVu for any other letter. Emoji are left to fontconfig's fallback (Noto Color Emoji): named in the
    stack, its digits and spaces would be taken for text and spread the lines.
    """
    code = script(locale)
    name = unicodedata.script_name(code, default=code)
    serif, sans = SCRIPT_FAMILIES.get(code, (f"Noto Serif {name}", f"Noto Sans {name}")) or (None, None)
    serifs = [*named, SERIF[0], serif, "Noto Serif", "DejaVu Serif", "serif"]
    sanses = [*named, SANS[0], sans, "Noto Sans", "DejaVu Sans", "sans-serif"]
    return [f for f in serifs if f], [f for f in sanses if f]


def with_stacks(css: str, locale: babel.Locale, named: tuple[str, ...] = ()) -> str:
    """The print stylesheet with `var(--serif)` and `var(--sans)` written out as the edition's font stacks.

    Written out, not declared as custom properties: WeasyPrint does not carry those into page margins
    and the footnote area.
    """
    serif, sans = stacks(locale, named)
    return css.replace("var(--serif)", font_list(serif)).replace("var(--sans)", font_list(sans))


def font_list(families: list[str]) -> str:
    """Families as CSS and SVG write them: names quoted, generic families not."""
    return ", ".join(f if f in ("serif", "sans-serif") else f'"{f}"' for f in families)


def font_file(family: tuple[str, Path, str], face: str) -> Path:
    """The TrueType file of a face: Regular, It, Semibold, Bold..."""
    _, directory, prefix = family
    return directory / f"{prefix}-{face}.ttf"


def missing_glyphs(characters: list[str]) -> str | None:
    """Say, in one message, which scripts have characters no font could draw, how many, and what to install."""
    if not characters:
        return None
    counts = Counter(unicodedata.script(c) for c in characters)
    distinct = Counter(unicodedata.script(c) for c in set(characters))
    scripts = ", ".join(f"{unicodedata.script_name(s, default=s)} {n} ({distinct[s]} different)"
                        for s, n in counts.most_common())
    packages = sorted({_package(s) for s in counts})
    return (f"{len(characters)} characters have no glyph in the fonts and print as boxes: {scripts}. "
            f"Install fonts for these scripts ({', '.join(packages)}; `make build` installs {', '.join(PACKAGES)} "
            "from Debian) or name one under `fonts:` in publication.yml")


def _package(code: str) -> str:
    if code in CJK_SCRIPTS:
        return CJK_PACKAGE
    if code == "Zyyy":
        return f"{EMOJI_PACKAGE} for emoji and symbols"
    if code == "Zzzz":
        return "a font that has these private or unassigned characters"
    return CORE_PACKAGE
