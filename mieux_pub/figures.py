"""Figures in every language: the words of SVG images as translation units, and each edition's copy of its images.

An SVG's <title>, <desc> and <text> elements hold words: each is a unit of the chapters that show the image, its
lines (the <tspan>s of a <text>) joined into one text, found at its line in the SVG. A <text> or <tspan> whose
class names a locale value (class="number", "percent", "date", "interval", "currency", "language"; options as
data-decimals, data-format, data-code) holds no words: it is formatted for each edition, as [41]{.number} is in
Markdown.

Each edition shows its own copy of an SVG, images/<name>.<lang>.svg: its words in the edition's language (the
source's, marked with xml:lang, where a translation is missing), its values formatted, the edition's fonts, its
language and direction on the root. A project file images/<name>.<lang>.<ext> is that language's own version of an
image: the edition shows it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from lxml import etree

from .config import Language
from .diagnostics import Diagnostic, MieuxError, error
from .direction import direction
from .fonts import font_list, stacks
from .localize import FORMATTERS, ValueProblem, format_value
from .resources import CONTENT_DIR, image_bytes, project_file, read_svg, safe_svg

WORDS = ("title", "desc", "text")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MIRRORED = {"start": "end", "end": "start"}   # text-anchor, for the same place once the text reads right to left


@dataclass(frozen=True)
class Label:
    """Words of a figure: the line of the SVG they start on, and their text as a translator sees it."""

    line: int
    text: str


@dataclass(frozen=True)
class Picture:
    """An image as one edition shows it."""

    path: str     # inside content/, as the edition's pages point at it: images/phases.en.svg
    source: str   # the project file it is made from: images/phases.svg
    data: bytes

    @property
    def shared(self) -> bool:
        """Whether every edition without a version of its own shows this same file."""
        return self.path == self.source


def labels(root: Path, relative: str, locale) -> tuple[list[Label], list[Diagnostic]]:
    """The words of an SVG of the project in the order they are written, and the problems of its values."""
    shown = f"{CONTENT_DIR}/{relative}"
    try:
        svg = read_svg(project_file(root, relative).read_bytes(), shown)
    except MieuxError as exc:
        return [], list(exc.diagnostics)
    problems = []
    for element in _values(svg):
        try:
            _format(element, locale, "latn")
        except ValueProblem as exc:
            problems.append(error(shown, element.sourceline, "bad-value", str(exc)))
    found = []
    for element in _labels(svg):
        if any(_kind(inner) for inner in element.iterdescendants()):
            problems.append(error(shown, element.sourceline, "value-in-words", "a locale value inside words: put the "
                                  "value in a <text> of its own, so that translators see only words"))
        else:
            found.append(Label(element.sourceline, _words(element)))
    return found, problems


def edition_path(root: Path, relative: str, code: str) -> str:
    """The image an edition shows for an image of the project: its own version when the project has one
    (images/x.en.png), an SVG's copy in its language, else the image itself."""
    path = PurePosixPath(relative)
    own = str(path.with_name(f"{path.stem}.{code}{path.suffix}"))
    return own if (root / CONTENT_DIR / own).is_file() or _is_svg(relative) else relative


def picture(root: Path, relative: str, language: Language, words: dict[str, tuple[str, str]],
            named_fonts: tuple[str, ...] = ()) -> Picture:
    """The image an edition shows for an image of the project; `words` maps each source text of a figure to
    (its text in the edition, the language it is in)."""
    path = edition_path(root, relative, language.code)
    if path == relative or (root / CONTENT_DIR / path).is_file():
        return Picture(path, path, image_bytes(root, path))
    return Picture(path, relative, translated_svg(image_bytes(root, relative), f"{CONTENT_DIR}/{relative}",
                                                  language, words, named_fonts))


def translated_svg(data: bytes, shown: str, language: Language, words: dict[str, tuple[str, str]],
                   named_fonts: tuple[str, ...] = ()) -> bytes:
    """A safe SVG in an edition's language: its words and values, its fonts, its language and direction."""
    svg, code = safe_svg(data, shown), language.code
    fallbacks = []
    for element in _labels(svg):
        source = _words(element)
        text, lang = words.get(source, (source, code))
        if text != source:
            _write(element, text)
        if lang != code:
            element.set(XML_LANG, lang)
            fallbacks.append(element)
    for element in _values(svg):
        try:
            _write(element, _format(element, language.locale, language.numbering_system))
        except ValueProblem as exc:
            raise MieuxError([error(shown, element.sourceline, "bad-value", f"{code}: {exc}")]) from None
    _set_fonts(svg, *stacks(language.locale, named_fonts))
    svg.set(XML_LANG, code)
    if direction(code) == "rtl":
        _read_right_to_left(svg, [e for e in fallbacks if direction(e.get(XML_LANG)) != "rtl"])
    return etree.tostring(svg, xml_declaration=True, encoding="UTF-8")


def markup(text: str) -> str | None:
    """The first piece of markup in a figure's translation (a tag, a comment, a reference), or None: a figure's words
    are plain text."""
    return _Markup(text).found


def _is_svg(relative: str) -> bool:
    return relative.lower().endswith(".svg")


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _kind(element) -> str | None:
    """The kind of locale value an element holds (number, date...), if it holds one."""
    return next((c for c in (element.get("class") or "").split() if c in FORMATTERS), None) \
        if isinstance(element.tag, str) else None


def _values(svg) -> list:
    return [element for element in svg.iter() if _kind(element)]


def _labels(svg) -> list:
    """The elements whose words are units: <title>, <desc> and <text> holding letters and no value of their own."""
    return [element for element in svg.iter() if _local(element) in WORDS and not _kind(element)
            and any(c.isalpha() for c in _words(element))]


def _words(element) -> str:
    """An element's text, its lines joined by a space."""
    return " ".join(" ".join(element.itertext()).split())


def _format(element, locale, numbers: str) -> str:
    options = {name[5:]: value for name, value in element.attrib.items() if name.startswith("data-")}
    return format_value(_kind(element), _words(element), options, locale, numbers)


def _write(element, text: str) -> None:
    """Put a text in an element: shared out over its lines (its <tspan>s) as evenly as it goes, or as its text."""
    lines = [child for child in element if _local(child) == "tspan"]
    for child in list(element):
        if child not in lines:
            element.remove(child)
    element.text = None if lines else text
    parts = _share(text, len(lines))
    for i, line in enumerate(lines):
        if i >= len(parts):
            element.remove(line)
            continue
        for child in list(line):
            line.remove(child)
        line.text, line.tail = parts[i], None


def _share(text: str, count: int) -> list[str]:
    """A text cut into at most `count` lines between words (between characters for a text without spaces, such as
    Chinese), the longest line as short as it can be."""
    tokens, joiner = (text.split(), " ") if " " in text else (list(text), "")
    if count <= 1 or len(tokens) <= 1:
        return [text]
    for width in range(max(map(len, tokens)), len(text) + 1):
        lines = [[]]
        for token in tokens:
            if lines[-1] and len(joiner.join(lines[-1] + [token])) > width:
                lines.append([])
            lines[-1].append(token)
        if len(lines) <= count:
            return [joiner.join(line) for line in lines]
    return [text]


def _set_fonts(svg, serif: list[str], sans: list[str]) -> None:
    """Write the edition's font stacks where the SVG names a family (a serif one, or any other), and on its root."""
    for element in svg.iter():
        family = element.get("font-family") if isinstance(element.tag, str) else None
        if family is not None:
            names = [name.strip().strip("'\"").lower() for name in family.split(",")]
            if "monospace" not in names:
                element.set("font-family", font_list(serif if names[-1] == "serif" else sans))
    if svg.get("font-family") is None:
        svg.set("font-family", font_list(sans))


def _read_right_to_left(svg, left_to_right: list) -> None:
    """Set the SVG right to left, each text kept where it was drawn (its start is now its right end), but those
    left to right (the source's words where a translation is missing), which keep their direction and anchor."""
    kept = [(element, _anchor(element)) for element in left_to_right]
    svg.set("direction", "rtl")
    for element in svg.iter():
        anchor = element.get("text-anchor") if isinstance(element.tag, str) else None
        if anchor in MIRRORED:
            element.set("text-anchor", MIRRORED[anchor])
    if svg.get("text-anchor") is None:
        svg.set("text-anchor", "end")
    for element, anchor in kept:
        element.set("direction", "ltr")
        element.set("text-anchor", anchor)


def _anchor(element) -> str:
    """The text-anchor an element has, written on it or on the nearest of its ancestors (SVG's default: start)."""
    return next((e.get("text-anchor") for e in (element, *element.iterancestors()) if e.get("text-anchor")), "start")


class _Markup(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.found: str | None = None
        self.feed(text)
        self.close()

    def _found(self, what: str) -> None:
        self.found = self.found or what

    def handle_starttag(self, tag, attrs):
        self._found(f"<{tag}>")

    def handle_endtag(self, tag):
        self._found(f"</{tag}>")

    def handle_comment(self, data):
        self._found("<!--…-->")

    def handle_entityref(self, name):
        self._found(f"&{name};")

    def handle_charref(self, name):
        self._found(f"&#{name};")

    def handle_decl(self, decl):
        self._found("<!…>")

    def handle_pi(self, data):
        self._found("<?…>")

    def unknown_decl(self, data):
        self._found("<![…]>")

    def handle_data(self, data):
        for char, after in zip(data, data[1:] + " "):
            if char == "<" and (after.isascii() and after.isalpha() or after in "/!?"):
                self._found("'<' opening a tag")
