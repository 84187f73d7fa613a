"""Load the project: publication.yml and the chapters as pandoc documents, validated before anything is written."""

from __future__ import annotations

import pickle
import posixpath
import re
from dataclasses import dataclass, replace
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import babel

from . import figures, pandoc, tree
from .config import Entry, Publication, gettext_code, language_tag, load_publication, outside_project
from .diagnostics import Diagnostic, error, raise_errors, warning
from .localize import ValueProblem, format_span
from .resources import CONTENT_DIR
from .units import (MAX_DEPTH, Misshapen, Template, TooDeep, Unit, first_line, is_locale_span, is_marker, numbered,
                    slug, template)

CHAPTERS_DIR = "content/chapters"
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
# The folders whose files the build reads besides the chapters and publication.yml: catalogs and templates.
READ_FOLDERS = ("content/locales", "templates")

# What a chapter's raw markup may hold unless publication.yml says 'raw_html: trusted': formatting and structure
# that can neither run nor fetch anything in any format. The README's content contract lists them.
SAFE_ELEMENTS = frozenset({
    "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "rp", "rt",
    "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "hr", "li", "ol", "p", "pre", "summary",
    "ul", "caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr"})
SAFE_ATTRIBUTES = frozenset({
    "class", "id", "lang", "dir", "title", "translate", "role", "abbr", "colspan", "rowspan", "headers", "scope",
    "span", "open", "datetime", "start", "reversed", "type", "value"})
SAFE_PREFIXES = ("aria-", "data-")
# Attributes of Markdown elements that mieux-pub or pandoc read: pandoc writes them as data-* or leaves them out.
MARKDOWN_ATTRIBUTES = frozenset({"alt", "source", "width", "height", "format", "decimals", "code", "custom-style"})
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
HTML_FORMATS = frozenset({"html", "html4", "html5"})
TRUST = "or set 'raw_html: trusted' in publication.yml if this publication needs it"
HINTS = {
    "a": "write the link in Markdown, [text](target), which mieux-pub checks and carries to every format",
    "img": "write the image in Markdown, ![caption](../images/file.svg){alt=\"…\"}, which every format carries",
    "style": "give the element a class instead, styled by the templates' CSS",
}
KINDS = {"Header": "heading", "Div": "fenced div", "CodeBlock": "code block", "Code": "code span"}


@dataclass(frozen=True)
class Chapter:
    entry: Entry
    path: str                 # relative to the project root
    text: str
    template: Template
    ids: dict                 # the book-wide id of each heading, figure and table id of the source, first one first

    @property
    def stem(self) -> str:
        return self.entry.stem

    @property
    def units(self) -> tuple[Unit, ...]:
        return self.template.units

    @property
    def definitions(self) -> str:
        return self.template.definitions

    @property
    def labels(self) -> tuple[str, ...]:
        return self.template.labels

    @cached_property
    def anchors(self) -> dict[int, str]:
        """The book-wide id of the section heading each unit falls under (a heading's own; a footnote's caller's;
        '' under the title: the top of the chapter's page), by index."""
        units, found, current = {u.index: u for u in self.units}, {}, ""

        def visit(nodes):
            nonlocal current
            for node in tree.walk(nodes):
                if node["t"] == "Header":
                    current = node["c"][1][0] if node["c"][0] > 1 else ""
                elif is_marker(node) and node["c"] not in found:
                    found[node["c"]] = current
                    visit(list(units[node["c"]].inlines))   # the footnotes it calls
                elif node["t"] == "Image":                  # its alt text and its figure's words
                    found.update((v["c"], current) for _, v in node["c"][0][2] if is_marker(v))
                    shown = posixpath.normpath(posixpath.join("chapters", tree.link_target(node)))
                    found.update((u.index, current) for u in units.values() if u.file == shown and u.index not in found)
        visit(list(self.template.blocks))
        return found

    def page(self, unit: Unit) -> str:
        """Where a unit shows in the HTML edition, relative to the edition's folder."""
        anchor = self.anchors.get(unit.index, "")
        return f"{self.stem}.html#{anchor}" if anchor else f"{self.stem}.html"

    def id_for(self, local_id: str) -> str | None:
        """Return the book-wide id of the first heading, figure or table with this id in the source, if any."""
        return self.ids.get(local_id)

    @cached_property
    def numbered_ids(self) -> frozenset[str]:
        """The ids of the chapter's numbered figures and tables, which a link without words names by number."""
        return frozenset(node["c"][0][0] for _, node in numbered(list(self.template.blocks)) if node["c"][0][0])


@dataclass(frozen=True)
class Source:
    root: Path
    publication: Publication
    chapters: tuple[Chapter, ...]
    warnings: tuple[Diagnostic, ...] = ()

    def chapter(self, stem: str) -> Chapter:
        return next(c for c in self.chapters if c.stem == stem)

    def images(self, chapter: Chapter) -> tuple[tuple[int, str], ...]:
        """The images a chapter shows, once each: the line that shows it first, and its path inside content/."""
        found = {}
        for line, inlines in [(u.line, list(u.inlines)) for u in chapter.units] + list(chapter.template.literals):
            for node in tree.walk(inlines, tree.is_note):
                if node["t"] == "Image":
                    relative, _ = resolve_image(self, tree.link_target(node))
                    if relative and (relative not in found or line < found[relative]):
                        found[relative] = line
        return tuple(sorted((line, relative) for relative, line in found.items()))

    @property
    def source_locale(self) -> babel.Locale:
        return self.publication.source.locale


def load(root: Path) -> Source:
    """Read and check publication.yml and every chapter; raise one error listing every problem."""
    root = root.resolve()
    publication = load_publication(root)
    texts, problems = {}, _links_outside(root)
    for entry in publication.entries:
        path = f"{CHAPTERS_DIR}/{entry.stem}.md"
        if not (root / path).resolve().is_relative_to(root):
            problems.append(outside_project(path, root / path))
            continue
        try:
            texts[entry.stem] = (root / path).read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(error(path, None, "encoding", f"not UTF-8 text ({exc.reason}): save the file as UTF-8"))
        except OSError as exc:
            problems.append(error(path, None, "unreadable", f"cannot read the chapter: {exc.strerror}"))
    raise_errors(problems)
    templates, problems = _read_chapters(texts, publication.trusts_raw_html)
    raise_errors(problems)
    problems = [p for stem, t in templates.items() for p in _duplicate_ids(f"{CHAPTERS_DIR}/{stem}.md", t)]
    problems += _duplicate_float_ids(templates)
    raise_errors(problems)
    ids = assign_ids(publication.entries, templates)
    chapters = tuple(Chapter(e, f"{CHAPTERS_DIR}/{e.stem}.md", texts[e.stem], templates[e.stem], ids[e.stem])
                     for e in publication.entries)
    source = Source(root, publication, chapters)
    problems = validate(source) + _undeclared_catalogs(root, publication)
    raise_errors(problems)
    source, found = _with_figures(source)
    problems += found
    raise_errors(problems)
    return replace(source, warnings=tuple(problems))


_last_read: dict[tuple, bytes] = {}   # the chapters last read, pickled (see _read_chapters)


def _read_chapters(texts: dict[str, str], trusted: bool) -> tuple[dict[str, Template], list[Diagnostic]]:
    """Each chapter's template, and the problems of its text. The same texts give a copy of what was read last: a
    serve that rebuilds after a catalog was saved reads no chapter again (the templates are changed downstream,
    hence the copy)."""
    key = (trusted, tuple(texts.items()))
    if key not in _last_read:
        _last_read.clear()
        _last_read[key] = pickle.dumps(_parse_chapters(texts, trusted))
    return pickle.loads(_last_read[key])


def _parse_chapters(texts: dict[str, str], trusted: bool) -> tuple[dict[str, Template], list[Diagnostic]]:
    docs = pandoc.read(list(texts.values()), CHAPTERS_DIR, sourcepos=True, max_depth=MAX_DEPTH)
    templates, problems = {}, []
    for (stem, text), doc in zip(texts.items(), docs):
        path = f"{CHAPTERS_DIR}/{stem}.md"
        if isinstance(doc, pandoc.Unreadable):
            problems.append(_unreadable(path, doc))
            continue
        if not trusted:
            problems += unsafe_markup(path, text, doc)
        try:
            templates[stem] = template(stem, text, doc)
        except TooDeep as exc:
            problems.append(error(path, exc.line or None, "too-deep",
                                  f"blocks are nested more than {MAX_DEPTH} deep here: flatten the lists or quotes"))
            continue
        except Misshapen as exc:
            problems.append(error(path, exc.line or None, exc.code, exc.message))
            continue
        header = _first_header(templates[stem].blocks)
        if header is None or header["c"][0] != 1:
            problems.append(error(path, 1, "no-title", "a chapter starts with its title as a level-1 heading: '# Title'"))
    return templates, problems


def _unreadable(path: str, doc: pandoc.Unreadable) -> Diagnostic:
    if doc.message == "too-deep":
        return error(path, doc.line, "too-deep", f"nested too deeply here (lists or quotes more than {MAX_DEPTH} "
                                                 "deep, or emphasis and links hundreds deep): flatten it")
    if doc.message == "footnote-cycle":
        return error(path, doc.line, "footnote-cycle", "this footnote calls itself (directly or through another "
                                                       "note): a note's text cannot call its own note")
    return error(path, doc.line, "unreadable", f"pandoc cannot read the chapter: {doc.message}")


def _first_header(blocks) -> dict | None:
    """The chapter's first block when it is a heading (units.template puts a title written after a comment first)."""
    return blocks[0] if blocks and blocks[0]["t"] == "Header" else None


def _headers(blocks):
    return [n for n in tree.walk(list(blocks), tree.is_note) if n["t"] == "Header"]


def _duplicate_ids(path: str, chapter: Template) -> list[Diagnostic]:
    """Two headings of a chapter with the same {#id}: a link to it could mean either."""
    units, seen, problems = {u.index: u for u in chapter.units}, set(), []
    for header in _headers(chapter.blocks):
        explicit, inlines = header["c"][1][0], header["c"][2]
        if explicit and explicit in seen:
            line = units[inlines[0]["c"]].line if len(inlines) == 1 and is_marker(inlines[0]) else None
            problems.append(error(path, line, "duplicate-id", f"another heading of this chapter has the id "
                                                              f"'{explicit}': give each its own"))
        seen.add(explicit)
    return problems


def _float_ids(chapter: Template) -> list[tuple[str, dict]]:
    """The id of each figure and table of a chapter that has one, with its element."""
    return [(node["c"][0][0], node) for node in tree.walk(list(chapter.blocks), tree.is_note)
            if node["t"] in ("Figure", "Table") and node["c"][0][0]]


def _duplicate_float_ids(templates: dict[str, Template]) -> list[Diagnostic]:
    """A figure's or table's id is the book's as written: another figure, table, chapter or heading may not have it."""
    seen, problems = set(templates), []
    seen |= {h["c"][1][0] for t in templates.values() for i, h in enumerate(_headers(t.blocks)) if i and h["c"][1][0]}
    for stem, chapter in templates.items():
        lines = {u.index: u.line for u in chapter.units}
        for identifier, node in _float_ids(chapter):
            if identifier in seen:
                caption = [n for n in tree.walk(node["c"][1][1]) if is_marker(n)]
                problems.append(error(f"{CHAPTERS_DIR}/{stem}.md", lines.get(caption[0]["c"]) if caption else None,
                                      "duplicate-id", f"the id '{identifier}' is already a chapter's, a heading's, a "
                                                      "figure's or a table's: give each its own"))
            seen.add(identifier)
    return problems


def assign_ids(entries, templates: dict[str, Template]) -> dict[str, dict]:
    """Give every heading an id unique in the whole book, from the source language, written into the template.

    A chapter's title takes the chapter's stem; a repeated id gets -2, -3... in reading order. An id the author
    wrote ({#id}) is kept: an id derived from a heading's text never takes it, even in an earlier chapter. A figure
    or a table keeps the id its author gave it.
    """
    floats = {e.stem: dict(_float_ids(templates[e.stem])) for e in entries}
    taken = {e.stem for e in entries} | {identifier for found in floats.values() for identifier in found}
    written = {header["c"][1][0] for e in entries for i, header in enumerate(_headers(templates[e.stem].blocks))
               if i and header["c"][1][0]}
    ids = {}
    for entry in entries:
        chapter_template = templates[entry.stem]
        units = {u.index: u for u in chapter_template.units}
        chapter_ids: dict[str, str] = {identifier: identifier for identifier in floats[entry.stem]}
        for i, header in enumerate(_headers(chapter_template.blocks)):
            header_attr, inlines = header["c"][1], header["c"][2]
            if header_attr[0]:
                local = header_attr[0]
            elif len(inlines) == 1 and is_marker(inlines[0]):
                local = slug(units[inlines[0]["c"]].text)
            else:
                local = slug(tree.stringify(inlines))
            if i == 0:
                final = entry.stem
            else:
                final, n = local, 1
                while final in taken or (final in written and not header_attr[0]):
                    n += 1
                    final = f"{local}-{n}"
                taken.add(final)
            chapter_ids.setdefault(local, final)
            header_attr[0] = final
        ids[entry.stem] = chapter_ids
    return ids


def validate(source: Source) -> list[Diagnostic]:
    """Check links, images, footnotes and locale values of the source chapters."""
    problems: list[Diagnostic] = []
    for chapter in source.chapters:
        pieces = [(u.line, list(u.inlines)) for u in chapter.units] + list(chapter.template.literals)
        for line, inlines in pieces:
            for node in tree.walk(inlines, tree.is_note):
                if node["t"] == "Link":
                    _, message = resolve(source, chapter, tree.link_target(node))
                    if message:
                        problems.append(error(chapter.path, line, "broken-link", message))
                    elif not node["c"][1] and not _names_number(source, chapter, tree.link_target(node)):
                        problems.append(error(chapter.path, line, "empty-link", f"a link without words, "
                                              f"[]({tree.link_target(node)}), says the number of a figure or a table "
                                              "with a caption: link to one, or give the link its words"))
                elif node["t"] == "Image":
                    _, message = resolve_image(source, tree.link_target(node))
                    if message:
                        problems.append(error(chapter.path, line, message[0], message[1]))
                elif is_locale_span(node):
                    try:
                        format_span(node, source.source_locale)
                    except ValueProblem as exc:
                        problems.append(error(chapter.path, line, "bad-value", str(exc)))
            for label in FOOTNOTE_CALL.findall(tree.stringify(inlines)):
                problems.append(error(chapter.path, line, "missing-footnote",
                                      f"footnote [^{label}] has no definition: add '[^{label}]: ...' to the chapter"))
        problems += _unused_footnotes(chapter)
        problems += [warning(chapter.path, line, code, message) for line, code, message in chapter.template.notices]
    return problems


def _with_figures(source: Source) -> tuple[Source, list[Diagnostic]]:
    """The source with the words of each chapter's SVG figures among its units, each after the units of the line
    that shows it (its caption and alt text), and the problems of those figures."""
    chapters, problems, read = [], [], {}
    for chapter in source.chapters:
        units, figure_units = list(chapter.units), []
        for line, relative in source.images(chapter):
            if relative.lower().endswith(".svg"):
                if relative not in read:
                    read[relative] = figures.labels(source.root, relative, source.source_locale)
                    problems += read[relative][1]
                figure_units += [(line, Unit(chapter.stem, label.line, "figure", label.text, (), (),
                                             len(units) + len(figure_units), file=relative))
                                 for label in read[relative][0]]
        ordered = sorted([((u.line, 0), u) for u in units] + [((line, 1), u) for line, u in figure_units],
                         key=lambda pair: pair[0])
        template = replace(chapter.template, units=tuple(u for _, u in ordered))
        chapters.append(replace(chapter, template=template))
    return replace(source, chapters=tuple(chapters)), problems


def _undeclared_catalogs(root: Path, publication: Publication) -> list[Diagnostic]:
    """A catalog folder for a language publication.yml does not list is never read: say so.

    A folder of a listed language spelled otherwise than gettext spells it (pt-BR, pt_br for pt_BR) is an error,
    since its catalogs would not be read either.
    """
    known = {gettext_code(lang.code): lang.code for lang in publication.languages}
    problems = []
    for parent in ("content/locales", "templates/locales"):
        folders = sorted((root / parent).iterdir()) if (root / parent).is_dir() else []
        for folder in (f for f in folders if f.is_dir() and f.name not in known):
            shown, tag = f"{parent}/{folder.name}", language_tag(folder.name)
            if tag in known.values():
                problems.append(error(shown, None, "locale-folder",
                                      f"the catalogs of {tag} belong in {parent}/{gettext_code(tag)}, the gettext "
                                      f"spelling that PO editors and Weblate use: rename the folder"))
            elif parent == "content/locales":
                problems.append(warning(shown, None, "undeclared-language",
                                        f"there are catalogs for '{folder.name}', which is not in publication.yml's "
                                        f"languages: add {{code: {tag or folder.name}, draft: true}} there, or "
                                        f"remove the folder"))
    return problems


def _links_outside(root: Path) -> list[Diagnostic]:
    """The catalogs, templates and folders of them that symbolic links lead outside the project: none is read."""
    problems, seen, pending = [], set(), [root / folder for folder in READ_FOLDERS]
    while pending:
        path = pending.pop()
        shown = path.relative_to(root).as_posix()
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a loop of links
            problems.append(error(shown, None, "unreadable", "a symbolic link that leads back to itself: remove it"))
            continue
        if not real.is_relative_to(root):
            problems.append(outside_project(shown, path))
        elif real.is_dir() and real not in seen:
            seen.add(real)
            try:
                pending += path.iterdir()
            except OSError as exc:
                problems.append(error(shown, None, "unreadable", f"cannot read the folder: {exc.strerror}"))
    return sorted(problems)


def unsafe_markup(path: str, text: str, doc: dict) -> list[Diagnostic]:
    """Raw markup, attributes and link targets of a chapter read with sourcepos that could run or fetch something:
    each at its line, unless publication.yml trusts raw HTML."""
    lines, problems = text.splitlines(), []

    def visit(value, line: int) -> None:
        if isinstance(value, list):
            for item in value:
                if isinstance(item, (list, dict)):   # not the strings of the tree, by far its most numerous leaves
                    visit(item, line)
        elif isinstance(value, dict) and value.get("t", "Str") not in PLAIN:
            line = first_line(value) or line
            for check in MARKUP_CHECKS:
                problems.extend(error(path, at, code, message) for at, code, message in check(value, line, lines))
            visit(value.get("c"), line)

    visit(doc["blocks"], 1)
    return problems


def _raw_markup(node: dict, line: int, lines: list[str]) -> list[tuple[int, str, str]]:
    """Raw HTML outside the safe set, and raw markup for any other format (it reaches some formats unchecked)."""
    if node["t"] not in ("RawInline", "RawBlock"):
        return []
    kind, markup = node["c"]
    if kind not in HTML_FORMATS:
        what = "block" if node["t"] == "RawBlock" else "inline"
        return [(line, "unsafe-raw", f"a raw {what} for '{kind}' reaches the formats that read it unchecked: write "
                                     f"it in Markdown, {TRUST}")]
    if node["t"] == "RawBlock":
        line = _markup_line(lines, line, markup)
    return [(line + offset, "unsafe-html", f"{message}, {TRUST}") for offset, message in _RawHtml(markup).found]


def _markup_line(lines: list[str], line: int, markup: str) -> int:
    """The line a raw block's markup starts on: its block's, or the next one after a ```{=html} fence."""
    first = markup.split("\n", 1)[0].strip()
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    return line + 1 if first and first not in written else line


def _attributes(node: dict, line: int, lines: list[str]) -> list[tuple[int, str, str]]:
    """Attributes of Markdown elements ({onclick=…}, {style=…}) outside the safe set: HTML writes them as they are."""
    node_attr = tree.attr_of(node)
    if node_attr is None:
        return []
    kind = KINDS.get(node["t"], node["t"].lower())
    return [(line, "unsafe-html", f"attribute '{key}' of a {kind} is outside the safe set of attributes: "
                                  f"{HINTS.get(key, 'remove it')}, {TRUST}")
            for key, _ in node_attr[2] if key not in ("data-pos", "wrapper") and key not in MARKDOWN_ATTRIBUTES
            and not safe_attribute(key)]


def _link_scheme(node: dict, line: int, lines: list[str]) -> list[tuple[int, str, str]]:
    """A link whose scheme could run something (javascript:, data:, vbscript:…) rather than lead to a page."""
    if node["t"] != "Link":
        return []
    target = tree.link_target(node)
    scheme = urlsplit(target).scheme.lower()
    if not scheme or scheme in SAFE_SCHEMES:
        return []
    shown = target if len(target) <= 40 else target[:40] + "…"
    return [(line, "unsafe-link", f"link target '{shown}' has the scheme '{scheme}:', not one of "
                                  f"{', '.join(SAFE_SCHEMES)}: link to a page or a chapter, {TRUST}")]


MARKUP_CHECKS = [_raw_markup, _attributes, _link_scheme]
PLAIN = {"Str", "Space", "SoftBreak", "LineBreak"}   # nodes none of the checks has anything to say about


def safe_attribute(name: str) -> bool:
    return name in SAFE_ATTRIBUTES or name.startswith(SAFE_PREFIXES)


class _RawHtml(HTMLParser):
    """What a piece of raw HTML holds outside the safe set, with the line within the piece (0 for its first).

    Whatever a browser could read otherwise than this parser does is refused too: a '<' that opens no
    complete tag, a comment browsers would end elsewhere, declarations and processing instructions.
    """

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self.starts = [0] + [i + 1 for i, char in enumerate(markup) if char == "\n"]
        self.found: list[tuple[int, str]] = []
        self.text, self.text_line = "", 0
        self.feed(markup)
        self.close()
        self._text_ends()

    def handle_starttag(self, tag, attrs):
        self._text_ends()
        if tag not in SAFE_ELEMENTS:
            self._refuse(f"<{tag}> is outside the safe set of raw HTML: {HINTS.get(tag, 'remove it')}")
            return
        for name, _ in attrs:
            if not safe_attribute(name):
                self._refuse(f"attribute '{name}' of <{tag}> is outside the safe set of raw HTML: "
                             f"{HINTS.get(name, 'remove it')}")
        if self.get_starttag_text().count(">") > 1:  # a browser may end the tag at the first one
            self._refuse(f"a '>' inside an attribute of <{tag}>: write it '&gt;'")

    def handle_endtag(self, tag):
        self._text_ends()

    def handle_data(self, data):
        if not self.text:
            self.text_line = self.getpos()[0] - 1
        self.text += data

    def handle_entityref(self, name):
        self._text_ends()

    def handle_charref(self, name):
        self._text_ends()

    def handle_comment(self, data):
        self._text_ends()
        line, column = self.getpos()
        start = self.starts[line - 1] + column
        written = self.markup[start:start + len(data) + 7] == f"<!--{data}-->"
        if not written or data.startswith((">", "->")) or data.endswith("<!-") \
                or any(mark in data for mark in ("<!--", "-->", "--!>")):
            self._refuse("a comment that browsers would end elsewhere than it seems to: write it <!-- text -->, "
                         "with no '>' right after '<!--' and no '--' before a '>' inside")

    def handle_decl(self, decl):
        self._declaration(f"<!{decl.split()[0] if decl.split() else decl}>")

    def handle_pi(self, data):
        self._declaration("<?…>")

    def unknown_decl(self, data):
        self._declaration("<![…]>")

    def _declaration(self, what: str) -> None:
        self._text_ends()
        self._refuse(f"{what} is outside the safe set of raw HTML: remove it")

    def _text_ends(self) -> None:
        """Text may hold a '<' that opens nothing (a < b), never one a browser would read as a tag left unfinished."""
        text, self.text = self.text, ""
        for i, (char, after) in enumerate(zip(text, text[1:] + " ")):
            if char == "<" and (after.isascii() and after.isalpha() or after in "/!?"):
                self.found.append((self.text_line + text[:i].count("\n"), "a tag without its end ('<' with no "
                                   "'>', or a quote left open): finish it, or write '&lt;' for a '<' in text"))
                return

    def _refuse(self, message: str) -> None:
        self.found.append((self.getpos()[0] - 1, message))


def _unused_footnotes(chapter: Chapter) -> list[Diagnostic]:
    problems = []
    for number, line in enumerate(chapter.text.splitlines(), start=1):
        match = FOOTNOTE_DEFINITION.match(line)
        if match and match.group(1) not in chapter.labels:
            problems.append(warning(chapter.path, number, "unused-footnote",
                                    f"footnote [^{match.group(1)}] is defined but never called"))
    return problems


def _names_number(source: Source, chapter: Chapter, target: str) -> bool:
    """Tell whether a link's target is a numbered figure or table of the book."""
    path, _, fragment = target.partition("#")
    owner = source.chapter(Path(path).stem) if path.endswith(".md") else chapter if not path else None
    return owner is not None and fragment in owner.numbered_ids


def resolve(source: Source, chapter: Chapter, target: str) -> tuple[str | None, str | None]:
    """Resolve a link of a chapter: the book-wide '#id' it points at (None when it leaves the book's
    chapters), and why it is broken (None when it is not)."""
    if SCHEME.match(target) or target.startswith("/"):
        return None, None
    path, _, fragment = target.partition("#")
    if not path:
        found = chapter.id_for(fragment)
        return "#" + (found or fragment), (f"no heading, figure or table with id '{fragment}' in this chapter"
                                           if fragment and found is None else None)
    if path.endswith(".md"):
        stem = Path(path).stem
        if stem not in source.publication.stems:
            return None, f"'{target}' links to a chapter that is not in publication.yml: link to one of its stems"
        found = source.chapter(stem).id_for(fragment) if fragment else stem
        return "#" + (found or fragment), (f"'{target}': chapter '{stem}' has no heading, figure or table with id "
                                           f"'{fragment}'"
                                           if found is None else None)
    if not inside(source.root, source.root / CHAPTERS_DIR / path):
        return None, f"'{target}' is outside the project: only files inside it can be linked"
    if not (source.root / CHAPTERS_DIR / path).is_file():
        return None, f"'{target}' does not exist"
    return None, None


def resolve_image(source: Source, target: str) -> tuple[str | None, tuple[str, str] | None]:
    """An image's path relative to content/ once links are followed, or (code, why) it cannot be used."""
    if SCHEME.match(target) or target.startswith("/"):
        return None, ("remote-image", f"'{target}' is not a file of the project: put images under content/images/")
    content = (source.root / CONTENT_DIR).resolve()
    path = (source.root / CHAPTERS_DIR / target).resolve()
    if not path.is_relative_to(content):
        return None, ("outside-project", f"image '{target}' is outside the project's content/ folder (symbolic "
                                         "links are followed): put it under content/images/")
    if not path.is_file():
        return None, ("missing-image", f"image '{target}' does not exist (paths are relative to the chapter file)")
    return path.relative_to(content).as_posix(), None


def inside(root: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(root)
