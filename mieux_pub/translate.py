"""Apply a language's catalogs to the source: translated Markdown and the state of every unit."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogs import Catalog, Lookup, State, read_catalog
from .config import Language
from .diagnostics import Diagnostic, error
from .localize import ValueProblem, localize
from .source import FOOTNOTE_REF, Chapter, Source, resolve
from .typography import typeset
from .units import LINK_TARGET, Anchor, Unit, render

LOCALES_DIR = "content/locales"


def catalog_path(code: str, domain: str) -> str:
    return f"{LOCALES_DIR}/{code}/LC_MESSAGES/{domain}.po"


@dataclass(frozen=True)
class Judged:
    """A unit and its state in one language."""

    unit: Unit
    state: State


@dataclass(frozen=True)
class TranslatedChapter:
    chapter: Chapter
    markdown: str
    judged: tuple[Judged, ...]


def load_catalogs(source: Source, language: Language) -> tuple[dict[str, Catalog], list[Diagnostic]]:
    """Read a language's chapter catalogs and publication.po."""
    catalogs, problems = {}, []
    for domain in [c.stem for c in source.chapters] + ["publication"]:
        catalogs[domain], found = read_catalog(source.root, catalog_path(language.code, domain))
        problems += found
    return catalogs, problems


def judge(source: Source, language: Language, catalog: Catalog, msgid: str) -> Lookup:
    """Tell whether a unit is translated in a language; the source language always is."""
    if language.code == source.publication.source_language:
        return Lookup(State.TRANSLATED)
    return catalog.lookup(msgid)


def translate_chapter(source: Source, chapter: Chapter, language: Language,
                      catalog: Catalog) -> tuple[TranslatedChapter, list[Diagnostic]]:
    """Write a chapter in a language: translated units, or the source marked with its language."""
    source_code = source.publication.source_language
    problems: list[Diagnostic] = []
    judged: list[Judged] = []
    headings = iter(chapter.ids)

    def text_of(piece) -> str:
        if isinstance(piece, Anchor):
            attributes = " ".join(filter(None, ["#" + next(headings), piece.extra]))
            return " {" + attributes + "}"
        lookup = judge(source, language, catalog, piece.text)
        judged.append(Judged(piece, lookup.state))
        if lookup.state is State.TRANSLATED and lookup.entry is not None:
            text, code, where = lookup.entry.msgstr, language.code, (catalog.path, lookup.entry.line)
        else:
            text, code, where = piece.text, source_code, (chapter.path, piece.line)
        text = _links(source, chapter, text)
        try:
            text = typeset(localize(text, _locale(source, code)), code)
        except ValueProblem as exc:
            problems.append(error(where[0], where[1], "bad-value", str(exc)))
        if piece.kind == "alt":
            text = text.replace('"', "'")  # pandoc's attribute values cannot hold a double quote
        elif code != language.code:
            text = "[" + text + "]{lang=" + code + "}"
        return text

    def literal(text: str) -> str:
        # Blocks without words, such as a table cell holding only [0.4]{.percent}, are formatted too.
        try:
            return localize(text, language.locale)
        except ValueProblem as exc:
            problems.append(error(chapter.path, None, "bad-value", str(exc)))
            return text

    markdown = render(chapter.segmented.pieces, text_of, literal)
    markdown = _namespace_footnotes(markdown, chapter.stem)
    return TranslatedChapter(chapter, markdown, tuple(judged)), problems


def _locale(source: Source, code: str):
    return source.publication.language(code).locale


def _links(source: Source, chapter: Chapter, text: str) -> str:
    """Point links to other chapters at the book-wide id of their target."""

    def replace(match):
        resolved, _ = resolve(source, chapter, match.group(1))
        return match.group(0) if resolved is None else match.group(0).replace(match.group(1), resolved, 1)

    return LINK_TARGET.sub(replace, text)


def _namespace_footnotes(markdown: str, stem: str) -> str:
    # Chapters are converted together, so footnote labels, in calls and definitions alike, must not collide.
    return FOOTNOTE_REF.sub(lambda m: f"[^{stem}--{m.group(1)}]", markdown)
