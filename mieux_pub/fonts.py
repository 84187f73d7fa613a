"""The fonts that ship with mieux-pub's dependencies (SIL Open Font License)."""

from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

SERIF = ("Source Serif Pro", Path(font_source_serif_pro.font_directory), "SourceSerifPro")
SANS = ("Source Sans Pro", Path(font_source_sans_pro.font_directory), "SourceSansPro")
FONTS = (SERIF, SANS)


def font_file(family: tuple[str, Path, str], face: str) -> Path:
    """The TrueType file of a face: Regular, It, Semibold, Bold..."""
    _, directory, prefix = family
    return directory / f"{prefix}-{face}.ttf"
