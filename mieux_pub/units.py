"""Find a chapter's translation units in its pandoc document.

A unit is one block as the author wrote it: a heading, a paragraph, a list item, a
quote's paragraph, a table cell, a definition term, a figure's or a table's caption, an
image's alt text, a figure's or a table's source line or a footnote's paragraph. Its msgid
is the block's Markdown exactly as written, sliced from the source with the positions
pandoc's `sourcepos` gives every inline (alt text and source lines are plain text).

The chapter becomes a template: its document with each unit's inlines replaced by a
marker {"t": "Unit", "c": index}. Filling the markers with the source, or with a
language's translations, gives that language's document.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from dataclasses import dataclass

from . import tree
from .collation import is_sorted_div
from .localize import FORMATTERS

# Chinese and Japanese are written without spaces: each Han, Hiragana, Katakana or Bopomofo character counts
# as one word, as translation tools count them. Korean, written with spaces, counts its words like Latin.
CJK = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3105-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
WORD = re.compile(rf"[{CJK}]|(?:(?![{CJK}])\w)+(?:['’\-](?:(?![{CJK}])\w)+)*")
MAX_DEPTH = 48  # blocks inside blocks: deeper nesting is refused with its line, never lost
CODE_WIDTH = 90  # characters of a code line that fit the printed page's measure
TAB = 4


@dataclass(frozen=True)
class Unit:
    stem: str
    line: int
    kind: str        # heading, paragraph, quote, item, cell, term, caption, table-caption, alt, source, footnote, figure
    text: str        # the msgid: the block's Markdown as the author wrote it (alt text, sources, a figure's words: plain)
    inlines: tuple   # the source's inlines (a template: footnotes hold markers); () for alt text and figures
    notes: tuple     # (label, Note element) for each footnote the unit calls, in order
    index: int
    level: int = 0   # a heading's level
    file: str = ""   # for a figure's words: its SVG, inside content/ (images/phases.svg)

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def origin(self) -> str:
        """The file its text is written in, inside content/: the chapter's, or the figure's."""
        return self.file or f"chapters/{self.stem}.md"


@dataclass(frozen=True)
class Template:
    """A chapter's document with a marker in place of each unit, and the units, in source order."""

    blocks: tuple
    units: tuple[Unit, ...]
    definitions: str          # the chapter's link reference definitions, as written
    labels: tuple[str, ...]   # the chapter's footnote labels
    literals: tuple           # (line, inlines) of the blocks that are not units, such as a cell holding a value
    notices: tuple = ()       # (line, code, message) of what reads well here but not in every format


class TooDeep(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class Misshapen(Exception):
    """A block mieux-pub gives a meaning to that is not written as that meaning needs."""

    def __init__(self, line: int, code: str, message: str):
        super().__init__(line, code, message)
        self.line, self.code, self.message = line, code, message


def count_words(markdown: str) -> int:
    """Count the words a reader sees: link targets, attributes and footnote calls are not words."""
    text = re.sub(r"\]\([^)]*\)|\{[^}]*\}|\[\^[^\]]*\]", " ", markdown)
    return len(WORD.findall(text))


def slug(text: str) -> str:
    """Make a heading id from its text: lowercase ascii words joined by hyphens."""
    text = re.sub(r"\]\([^)]*\)|\{[^}]*\}|[*_`\[\]]", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def is_locale_span(node: dict) -> bool:
    return node["t"] == "Span" and any(c in FORMATTERS for c in node["c"][0][1])


def has_words(inlines: list) -> bool:
    """Tell whether inlines hold words to translate, beyond locale values, footnotes and digits."""
    skip = lambda n: tree.is_note(n) or is_locale_span(n)  # noqa: E731
    return any(c.isalpha() for node in tree.walk(inlines, skip) if not skip(node)
               for c in (node["c"] if node["t"] == "Str" else node["c"][-1] if node["t"] == "Code" else ""))


def is_marker(value) -> bool:
    return isinstance(value, dict) and value.get("t") == "Unit"


def numbered(blocks: list):
    """Yield ('figure' or 'table', element) for each figure and captioned table, in reading order: those are
    numbered through the book."""
    for node in tree.walk(blocks, tree.is_note):
        if node["t"] == "Figure" or node["t"] == "Table" and node["c"][1][1]:
            yield node["t"].lower(), node


def template(stem: str, source: str, doc: dict) -> Template:
    """Turn a chapter read with sourcepos into its template and units."""
    reader = _Reader(stem, source.splitlines())
    blocks = reader.blocks(doc["blocks"], "paragraph", 0, 0)
    units = tuple(sorted(reader.units, key=lambda u: u.line))
    labels = tuple(dict.fromkeys(label for u in units for label, _ in u.notes))
    return Template(tuple(_title_first(blocks)), units, _definitions(reader.lines, doc["blocks"]), labels,
                    tuple(reader.literals), tuple(reader.notices))


def _title_first(blocks: list) -> list:
    """The chapter with its title first: raw HTML written before it (a comment) follows it instead,
    so that every format starts the chapter at its title."""
    lead = next((i for i, b in enumerate(blocks) if b["t"] != "RawBlock"), len(blocks))
    if lead and lead < len(blocks) and blocks[lead]["t"] == "Header":
        return [blocks[lead]] + blocks[:lead] + blocks[lead + 1:]
    return blocks


POSITION = re.compile(r"(\d+):(\d+)-(\d+):(\d+)")
LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S")


def _definitions(lines: list[str], blocks: list) -> str:
    """The link reference definitions: the lines between blocks that define a link target."""
    covered = set()
    for node in blocks:
        for start, end in _ranges(_pos(node)):
            covered.update(range(start.line, end.line + (end.col > 1)))
    return "\n".join(line for number, line in enumerate(lines, start=1)
                     if number not in covered and LINK_DEFINITION.match(line))


@dataclass(frozen=True, order=True)
class Position:
    line: int
    col: int


def _ranges(value: str | None) -> list[tuple[Position, Position]]:
    """Parse data-pos: 'l:c-l:c' ranges joined by ';', perhaps after 'name@'."""
    ranges = []
    for part in (value or "").split(";"):
        part = part.rpartition("@")[2]
        match = POSITION.fullmatch(part)
        if match:
            a, b, c, d = map(int, match.groups())
            ranges.append((Position(a, b), Position(c, d)))
    return ranges


def first_line(node: dict) -> int | None:
    """The line a node of a document read with sourcepos starts on, when it carries its position."""
    ranges = _ranges(_pos(node))
    return min(start.line for start, _ in ranges) if ranges else None


def _wrapper(node: dict) -> bool:
    return node["t"] in ("Span", "Div") and tree.get(node["c"][0], "wrapper") == "1"


def _pos(node: dict) -> str | None:
    node_attr = tree.attr_of(node)
    return tree.get(node_attr, "data-pos") if node_attr else None


def _clean(node_attr: list) -> list:
    return [node_attr[0], node_attr[1], [kv for kv in node_attr[2] if kv[0] not in ("data-pos", "wrapper")]]


def _index(line: str, col: int) -> int:
    """The index in a line of a 1-based column as pandoc counts it (tabs to the next stop of 4)."""
    visual = 1
    for i, char in enumerate(line):
        if visual >= col:
            return i
        visual = (visual - 1) // TAB * TAB + TAB + 1 if char == "\t" else visual + 1
    return len(line)


class _Reader:
    def __init__(self, stem: str, lines: list[str]):
        self.stem, self.lines = stem, lines
        self.units: list[Unit] = []
        self.literals: list = []
        self.notices: list = []

    # Blocks

    def blocks(self, blocks: list, kind: str, quotes: int, depth: int) -> list:
        out = []
        for node in blocks:
            if _wrapper(node):
                out += self.blocks(node["c"][1], kind, quotes, depth)
                continue
            if depth > MAX_DEPTH:
                raise TooDeep(self._line_of(node))
            out.append(self.block(node, kind, quotes, depth))
        return enclose(out)

    def block(self, node: dict, kind: str, quotes: int, depth: int) -> dict:
        t, c = node["t"], node.get("c")
        if t == "Header":
            level, node_attr, inlines = c
            return tree.element("Header", [level, _clean(node_attr), self.unit(inlines, "heading", quotes, depth,
                                                                               level=level)])
        if t in ("Para", "Plain"):
            figure = self.figure(c, quotes, depth)
            return figure or tree.element(t, self.unit(c, kind, quotes, depth))
        if t == "BlockQuote":
            return tree.element(t, self.blocks(c, "quote", quotes + 1, depth + 1))
        if t == "BulletList":
            return tree.element(t, [self.blocks(item, "item", quotes, depth + 1) for item in c])
        if t == "OrderedList":
            return tree.element(t, [c[0], [self.blocks(item, "item", quotes, depth + 1) for item in c[1]]])
        if t == "Div" and "table" in c[0][1]:
            return self.captioned_table(node, quotes, depth)
        if t == "Div":
            if is_sorted_div(node) and not any(n["t"] == "Table" for n in tree.walk(c[1])):
                self.notices.append((self._line_of(node), "sorted-not-table", "'::: sorted' sorts the rows of the "
                                     "tables inside it, and this one holds none: put the table inside it, or remove it"))
            return tree.div(self.blocks(c[1], kind, quotes, depth + 1), *_clean(c[0]))
        if t == "DefinitionList":
            return tree.element(t, [[self.unit(term, "term", quotes, depth),
                                     [self.blocks(d, "paragraph", quotes, depth + 1) for d in definitions]]
                                    for term, definitions in c])
        if t == "Table":
            table = tree.clone(node)
            table["c"][0] = _clean(table["c"][0])
            for cell in tree.table_cells(table):
                cell[4] = self.blocks(cell[4], "cell", quotes, depth + 1)
            return table
        if t == "CodeBlock":
            first = self._line_of(node)
            self.notices += [(first + i + 1, "long-code-line", f"a code line of {len(line)} characters is wider "
                              f"than the printed page ({CODE_WIDTH}): it wraps there; break it where it reads best")
                             for i, line in enumerate(c[1].split("\n")) if len(line) > CODE_WIDTH]
        if t == "RawBlock" and c[0] == "html":
            tags = _OpenTags(c[1])
            if "details" in tags.open and "summary" not in tags.started:
                self.notices.append((self._line_of(node), "details-summary", "a <details> needs its <summary> "
                                     "right after it (HTML and EPUB require one): add <summary>…</summary>"))
        return self.plain(node)

    def figure(self, inlines: list, quotes: int, depth: int) -> dict | None:
        """A paragraph holding only an image with a caption is a figure: caption and alt text are units."""
        items = [n for n in inlines if not (_wrapper(n) and not n["c"][1])]
        if len(items) != 1 or items[0]["t"] != "Image":
            return None
        image = items[0]
        image_attr, caption, target = image["c"]
        captioned = has_words(_strip(caption))
        caption = self.unit(caption, "caption", quotes, depth, unit_line=self._line_of(image))
        pairs = []
        for key, value in _clean(image_attr)[2]:
            if key == "alt" and any(c.isalpha() for c in value):
                value = self.alt(value, self._line_of(image))
            pairs.append([key, value])
        line, shown = self._line_of(image), [p for p in pairs if p[0] != "source"]
        if not captioned:
            image = tree.element("Image", [[image_attr[0], image_attr[1], shown], caption, target])
            self.literals.append((line, [image]))  # so that its target is checked like any other
            return self.sourced(tree.element("Para", [image]), pairs, line)  # an image alone, its alt text a unit
        # A figure takes the image's id; its source line follows it.
        image = tree.element("Image", [["", image_attr[1], shown], caption, target])
        self.literals.append((line, [image]))
        figure = tree.element("Figure", [tree.attr(image_attr[0]), [None, [tree.element("Plain", caption)]],
                                         [tree.element("Plain", [image])]])
        return self.sourced(figure, pairs, line)

    def captioned_table(self, node: dict, quotes: int, depth: int) -> dict:
        """A fenced div of class 'table' holds a paragraph, the caption, then the table; the div's id and source
        are the table's."""
        line = self._line_of(node)
        items = _unwrapped(node["c"][1])
        if [n["t"] for n in items] != ["Para", "Table"]:
            raise Misshapen(line, "table-div", "a '::: {.table}' div holds the table's caption, a paragraph, then "
                                               "the table, and nothing else")
        identifier, classes, pairs = _clean(node["c"][0])
        table = self.block(items[1], "paragraph", quotes, depth + 1)
        table["c"][0] = [identifier, [c for c in classes if c != "table"], [p for p in pairs if p[0] != "source"]]
        caption = self.unit(items[0]["c"], "table-caption", quotes, depth)
        table["c"][1] = [None, [tree.element("Plain", caption)]]
        return self.sourced(table, pairs, line)

    def sourced(self, node: dict, pairs: list, line: int) -> dict:
        """A figure or table followed by its source line, when its attribute source="…" names one."""
        text = " ".join((tree.get(["", [], pairs], "source") or "").split())
        if not text:
            return node
        source = [tree.text(text)]
        if any(c.isalpha() for c in text):
            unit = Unit(self.stem, line, "source", text, tuple(source), (), len(self.units))
            self.units.append(unit)
            source = [tree.element("Unit", unit.index)]
        label = tree.span([], classes=["source-label"])   # each edition's word, 'Source:' (numbering.number_floats)
        shown = tree.element("Plain", [label, tree.element("Space"), tree.span(source)])
        return tree.div([node, tree.div([shown], classes=["source"])], classes=["sourced"])

    def plain(self, node: dict) -> dict:
        return _strip(node)

    # Inlines

    def unit(self, inlines: list, kind: str, quotes: int, depth: int, level: int = 0,
             unit_line: int | None = None) -> list:
        """The inlines of a block: a marker when they make a unit, else the inlines themselves."""
        notes: list = []
        clean = self.inlines(inlines, notes, depth)
        line, text = self.source_text(inlines, quotes)
        if not has_words(clean):
            self.literals.append((unit_line or line, clean))
            return clean
        unit = Unit(self.stem, unit_line or line, kind, text, tuple(clean), tuple(notes), len(self.units), level)
        self.units.append(unit)
        return [tree.element("Unit", unit.index)]

    def alt(self, value: str, line: int) -> dict:
        unit = Unit(self.stem, line, "alt", value, (), (), len(self.units))
        self.units.append(unit)
        return tree.element("Unit", unit.index)

    def inlines(self, value, notes: list, depth: int):
        """Inlines without what sourcepos added; each footnote's blocks read as footnote units."""
        if isinstance(value, list):
            out = []
            for item in value:
                if isinstance(item, dict) and _wrapper(item):
                    inner = item["c"][1]
                    if len(inner) == 1 and inner[0]["t"] == "Note":
                        note = tree.element("Note", self.blocks(inner[0]["c"], "footnote", 0, depth + 1))
                        notes.append((self._label(item), note))
                        out.append(note)
                    else:
                        out += self.inlines(inner, notes, depth)
                else:
                    out.append(self.inlines(item, notes, depth))
            return out
        if isinstance(value, dict) and "t" in value:
            copy = {"t": value["t"]}
            if "c" in value:
                copy["c"] = self.inlines(value["c"], notes, depth)
                at = tree.ATTR_AT.get(value["t"])
                if at is not None:
                    copy["c"][at] = _clean(copy["c"][at])
            return copy
        return value

    def _label(self, wrapper: dict) -> str:
        """A footnote's label, read from its call in the source: [^label]."""
        [(start, end)] = _ranges(_pos(wrapper))[:1] or [(Position(0, 0), Position(0, 0))]
        line = self.lines[start.line - 1] if 0 < start.line <= len(self.lines) else ""
        call = line[_index(line, start.col):_index(line, end.col)]
        return call[2:-1] if call.startswith("[^") and call.endswith("]") else call

    def source_text(self, inlines: list, quotes: int) -> tuple[int, str]:
        """The Markdown of a block's inlines as written: from the first inline to the last, container
        markers left out of continuation lines."""
        ranges = [r for node in inlines for r in _ranges(_pos(node))]
        if not ranges:
            return 0, tree.stringify(inlines)
        start, end = min(r[0] for r in ranges), max(r[1] for r in ranges)
        first = self.lines[start.line - 1]
        if start.line == end.line:
            return start.line, first[_index(first, start.col):_index(first, end.col)].strip()
        parts = [_hard_break(first[_index(first, start.col):])]
        for number in range(start.line + 1, end.line + 1):
            line = self.lines[number - 1]
            if number == end.line:
                line = line[:_index(line, end.col)]
            parts.append(_without_markers(line, quotes) if number == end.line else
                         _hard_break(_without_markers(line, quotes) + line[len(line.rstrip()):]))
        return start.line, "\n".join(parts)

    def _line_of(self, node: dict) -> int:
        ranges = _ranges(_pos(node))
        if ranges:
            return ranges[0][0].line
        for inner in tree.children(node) if isinstance(node, dict) and "t" in node else []:
            for child in inner:
                if isinstance(child, dict) and (line := self._line_of(child)):
                    return line
        return 0


class _OpenTags(HTMLParser):
    """The elements a piece of raw HTML opens and does not close, and those it closes that it did not open."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str):
        super().__init__()
        self.open: list[str] = []
        self.closed: list[str] = []
        self.started: set[str] = set()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.started.add(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]
        else:
            self.closed.append(tag)


def enclose(blocks: list) -> list:
    """Put the blocks between raw HTML that opens an element (<details>) and the raw HTML that closes it
    in a div of their own, so that a writer's sections (a heading inside) close before the element does."""
    out, i = [], 0
    while i < len(blocks):
        block = blocks[i]
        opened = _OpenTags(block["c"][1]).open if _raw_html(block) else []
        end = next((j for j in range(i + 1, len(blocks)) if opened and _raw_html(blocks[j])
                    and opened[-1] in _OpenTags(blocks[j]["c"][1]).closed), None)
        if end is None:
            out.append(block)
            i += 1
        else:
            out += [block, tree.div(enclose(blocks[i + 1:end])), blocks[end]]
            i = end + 1
    return out


def _raw_html(block: dict) -> bool:
    return block["t"] == "RawBlock" and block["c"][0] == "html"


def _unwrapped(blocks: list) -> list:
    """Blocks without the wrappers sourcepos puts around them."""
    return [inner for node in blocks for inner in (_unwrapped(node["c"][1]) if _wrapper(node) else [node])]


def _strip(value):
    """A copy of any part of a document without the wrappers and positions that sourcepos added."""
    if isinstance(value, list):
        out = []
        for item in value:
            out += _strip(item["c"][1]) if isinstance(item, dict) and _wrapper(item) else [_strip(item)]
        return out
    if isinstance(value, dict) and "t" in value:
        copy = {"t": value["t"]}
        if "c" in value:
            copy["c"] = _strip(value["c"])
            at = tree.ATTR_AT.get(value["t"])
            if at is not None:
                copy["c"][at] = _clean(copy["c"][at])
        return copy
    return value


def _hard_break(line: str) -> str:
    """A line without trailing blanks, but the two spaces that make a hard line break."""
    return line.rstrip() + ("  " if line.endswith("  ") and line.strip() else "")


def _without_markers(line: str, quotes: int) -> str:
    """A continuation line without its indentation and up to `quotes` block-quote markers."""
    text = line.lstrip(" \t")
    for _ in range(quotes):
        if not text.startswith(">"):
            break
        text = text[1:].lstrip(" \t")
    return text.strip()
