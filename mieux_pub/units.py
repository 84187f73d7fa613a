"""Segment a chapter's Markdown into translation units.

A unit is one block as the author wrote it: a heading, a paragraph, a list item, a
quote, a table cell, a figure caption, an image's alt text or a footnote's paragraph.
The chapter is kept as a sequence of pieces (literal Markdown, units and heading
anchors) so that a translation can be put back in place of each unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple, Union


@dataclass(frozen=True)
class Unit:
    stem: str
    line: int
    kind: str
    text: str
    cont: str = ""  # prefix that continuation lines need inside this unit's containers

    @property
    def words(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class Anchor:
    """The attribute block of a heading: its id from the source and any other attributes."""

    level: int
    local_id: str
    explicit: bool
    extra: str = ""  # other attributes, e.g. ".unnumbered"


Piece = Union[str, Unit, Anchor]


@dataclass(frozen=True)
class Heading:
    level: int
    unit: Unit
    anchor: Anchor


@dataclass(frozen=True)
class Segmented:
    pieces: tuple[Piece, ...]

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(p for p in self.pieces if isinstance(p, Unit))

    @property
    def headings(self) -> tuple[Heading, ...]:
        pieces = self.pieces
        return tuple(Heading(a.level, pieces[i - 1], a)
                     for i, a in enumerate(pieces) if isinstance(a, Anchor))


class Line(NamedTuple):
    no: int       # 1-based line number in the file
    prefix: str   # container markers and indentation before the text, written back as they are
    text: str


WORD = re.compile(r"\w+(?:['’\-]\w+)*")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+\{([^{}]*)\})?(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")
DIV_FENCE = re.compile(r"^:{3,}")
QUOTE = re.compile(r"^>[ ]?")
LIST_ITEM = re.compile(r"^([-*+]|\d{1,9}[.)])([ \t]+|$)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*")
LINK_DEF = re.compile(r"^\[[^\]^][^\]]*\]:\s")
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
THEMATIC_BREAK = re.compile(r"^((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$")
FIGURE = re.compile(r'^!\[(?P<caption>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^()\s]+)(?P<title>\s+"[^"]*")?\)'
                    r'(?:\{(?P<attrs>[^{}]*)\})?\s*$')
ALT = re.compile(r'alt="((?:[^"\\]|\\.)*)"')
LINK_TARGET = re.compile(r'\]\(([^()\s]+)(?:\s+"[^"]*")?\)')


def count_words(markdown: str) -> int:
    """Count the words a reader sees: link targets and attributes are not words."""
    text = re.sub(r"\]\([^)]*\)|\{[^}]*\}|\[\^[^\]]*\]", " ", markdown)
    return len(WORD.findall(text))


def has_words(markdown: str) -> bool:
    """Tell whether a block has words to translate, beyond locale values, link targets and digits."""
    text = re.sub(r"\[[^\[\]]*\]\{\.[^}]*\}|\]\([^)]*\)|\{[^}]*\}|\[\^[^\]]*\]", " ", markdown)
    return any(c.isalpha() for c in text)


def slug(text: str) -> str:
    """Make a heading id from its text: lowercase ascii words joined by hyphens."""
    text = re.sub(r"\]\([^)]*\)|\{[^}]*\}|[*_`\[\]]", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def link_targets(text: str) -> list[str]:
    """Return the targets of the links and images in a unit's Markdown."""
    return LINK_TARGET.findall(text)


def segment(stem: str, source: str) -> Segmented:
    """Split a chapter's Markdown into literal pieces and translation units."""
    lines = [Line(i + 1, "", text) for i, text in enumerate(source.splitlines())]
    pieces = _Segmenter(stem).blocks(lines, cont="", kind="paragraph")
    return Segmented(tuple(_merge_literals(pieces)))


def render(pieces, text_of, literal=str) -> str:
    """Write the pieces back as Markdown: each unit and anchor through text_of, the rest through literal."""
    out = []
    for piece in pieces:
        if isinstance(piece, Unit):
            out.append(text_of(piece).replace("\n", "\n" + piece.cont))
        elif isinstance(piece, Anchor):
            out.append(text_of(piece))
        else:
            out.append(literal(piece))
    return "".join(out)


def _merge_literals(pieces):
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif piece != "":
            merged.append(piece)
    return merged


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


class _Segmenter:
    def __init__(self, stem: str):
        self.stem = stem

    def unit(self, line: Line, kind: str, text: str, cont: str) -> Piece:
        """A unit, or the text itself when there is nothing in it to translate (figures, values, links only)."""
        if not has_words(text):
            return text
        return Unit(self.stem, line.no, kind, text, cont)

    def blocks(self, lines: list[Line], cont: str, kind: str) -> list[Piece]:
        """Segment the lines of one container (the file, a quote, a list item, a note)."""
        out: list[Piece] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            stripped = line.text.strip()
            lead = line.text[: _indent(line.text)]
            body = line.text.lstrip(" ")
            if not stripped:
                out.append(line.prefix + line.text + "\n")
                i += 1
            elif len(lead) >= 4 and kind != "item":
                i = self._verbatim(lines, i, out, lambda l: not l.text.strip() or _indent(l.text) >= 4)
            elif FENCE.match(body):
                i = self._fence(lines, i, out)
            elif DIV_FENCE.match(body) or THEMATIC_BREAK.match(stripped) or LINK_DEF.match(body):
                out.append(line.prefix + line.text + "\n")
                i += 1
            elif body.startswith("<"):
                i = self._verbatim(lines, i, out, lambda l: bool(l.text.strip()))
            elif match := HEADING.match(body):
                out += self._heading(line, lead, match, cont)
                i += 1
            elif body.startswith("|") and i + 1 < len(lines) and TABLE_SEPARATOR.match(lines[i + 1].text.strip()):
                i = self._table(lines, i, out, cont)
            elif QUOTE.match(body):
                i = self._container(lines, i, out, cont, "quote")
            elif FOOTNOTE_DEF.match(body):
                i = self._container(lines, i, out, cont, "footnote")
            elif LIST_ITEM.match(body):
                i = self._container(lines, i, out, cont, "item")
            else:
                i = self._paragraph(lines, i, out, cont, kind)
        return out

    def _verbatim(self, lines, i, out, belongs) -> int:
        out.append(lines[i].prefix + lines[i].text + "\n")
        i += 1
        while i < len(lines) and belongs(lines[i]):
            out.append(lines[i].prefix + lines[i].text + "\n")
            i += 1
        return i

    def _fence(self, lines, i, out) -> int:
        fence = FENCE.match(lines[i].text.lstrip(" ")).group(1)
        closing = re.compile("^" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        return self._verbatim_until(lines, i, out, closing)

    def _verbatim_until(self, lines, i, out, closing) -> int:
        out.append(lines[i].prefix + lines[i].text + "\n")
        i += 1
        while i < len(lines):
            out.append(lines[i].prefix + lines[i].text + "\n")
            i += 1
            if closing.match(lines[i - 1].text.strip()):
                break
        return i

    def _heading(self, line: Line, lead: str, match, cont: str) -> list[Piece]:
        hashes, text, attrs = match.group(1), match.group(2).strip(), match.group(3) or ""
        explicit = re.search(r"(?:^|\s)#([\w:.\-]+)", attrs)
        extra = re.sub(r"(?:^|\s)#[\w:.\-]+", "", attrs).strip()
        local_id = explicit.group(1) if explicit else slug(text)
        return [line.prefix + lead + hashes + " ", self.unit(line, "heading", text, cont),
                Anchor(len(hashes), local_id, bool(explicit), extra), "\n"]

    def _paragraph(self, lines, i, out, cont, kind) -> int:
        first = lines[i]
        texts = [first.text.strip()]
        i += 1
        while i < len(lines) and lines[i].text.strip() and not _interrupts(lines[i].text):
            texts.append(lines[i].text.strip())
            i += 1
        lead = first.text[: _indent(first.text)]
        if len(texts) == 1 and (figure := FIGURE.match(texts[0])):
            out += self._figure(first, lead, figure, cont)
        else:
            out += [first.prefix + lead, self.unit(first, kind, "\n".join(texts), cont), "\n"]
        return i

    def _figure(self, line: Line, lead: str, match, cont: str) -> list[Piece]:
        pieces: list[Piece] = [line.prefix + lead + "!["]
        if match.group("caption").strip():
            pieces.append(self.unit(line, "caption", match.group("caption"), cont))
        pieces.append("](" + match.group("target") + (match.group("title") or "") + ")")
        attrs = match.group("attrs")
        if attrs is not None:
            alt = ALT.search(attrs)
            if alt and alt.group(1).strip():
                pieces += ["{" + attrs[: alt.start(1)], self.unit(line, "alt", alt.group(1), cont),
                           attrs[alt.end(1):] + "}"]
            else:
                pieces.append("{" + attrs + "}")
        return pieces + ["\n"]

    def _table(self, lines, i, out, cont) -> int:
        while i < len(lines) and lines[i].text.strip().startswith("|"):
            line = lines[i]
            if TABLE_SEPARATOR.match(line.text.strip()):
                out.append(line.prefix + line.text + "\n")
            else:
                out.append(line.prefix + line.text[: _indent(line.text)] + "|")
                for cell in _cells(line.text.strip()):
                    text = cell.strip()
                    out += [" ", self.unit(line, "cell", text, cont), " |"] if text else [" |"]
                out.append("\n")
            i += 1
        return i

    def _container(self, lines, i, out, cont, kind) -> int:
        """Take a quote, list item or footnote with the lines that belong to it, and segment inside."""
        first = lines[i]
        lead = first.text[: _indent(first.text)]
        body = first.text[len(lead):]
        if kind == "quote":
            inner, i = self._quote_lines(lines, i)
            out += self.blocks(inner, cont + "> ", "quote")
            return i
        marker = (FOOTNOTE_DEF if kind == "footnote" else LIST_ITEM).match(body).group(0)
        width = 4 if kind == "footnote" else len(lead) + len(marker)
        if kind == "item" and not body[len(marker):].strip():
            width = len(lead) + len(marker.rstrip()) + 1
        inner = [Line(first.no, first.prefix + lead + marker, body[len(marker):])]
        i += 1
        while i < len(lines):
            line, text = lines[i], lines[i].text
            if text.strip() and _indent(text) >= width:
                inner.append(Line(line.no, line.prefix + text[:width], text[width:]))
            elif not text.strip() and i + 1 < len(lines) and _indent(lines[i + 1].text) >= width \
                    and lines[i + 1].text.strip():
                inner.append(Line(line.no, line.prefix, ""))
            elif text.strip() and inner[-1].text.strip() and not _interrupts(text) \
                    and not LIST_ITEM.match(text.lstrip(" ")):
                inner.append(Line(line.no, line.prefix, text))  # lazy continuation of a paragraph
            else:
                break
            i += 1
        out += self.blocks(inner, cont + " " * width, kind)
        return i

    def _quote_lines(self, lines, i):
        inner = []
        while i < len(lines):
            line = lines[i]
            body = line.text.lstrip(" ")
            marker = QUOTE.match(body)
            if marker:
                lead = line.text[: len(line.text) - len(body)]
                inner.append(Line(line.no, line.prefix + lead + marker.group(0), body[marker.end():]))
            elif line.text.strip() and inner and inner[-1].text.strip() and not _interrupts(line.text):
                inner.append(Line(line.no, line.prefix, line.text))  # lazy continuation
            else:
                break
            i += 1
        return inner, i


def _interrupts(text: str) -> bool:
    """Tell whether a line starts a new block even right after a paragraph line."""
    body = text.lstrip(" ")
    return bool(HEADING.match(body) or FENCE.match(body) or DIV_FENCE.match(body) or QUOTE.match(body)
                or re.match(r"^[-*+][ \t]", body) or FOOTNOTE_DEF.match(body)
                or THEMATIC_BREAK.match(body.strip()))


def _cells(row: str) -> list[str]:
    """Split a pipe-table row into its cells, leaving escaped pipes and code spans whole."""
    inner = row[1:] if row.startswith("|") else row
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells, current, in_code = [], "", False
    for char in inner:
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code and not current.endswith("\\"):
            cells.append(current)
            current = ""
        else:
            current += char
    cells.append(current)
    return cells
