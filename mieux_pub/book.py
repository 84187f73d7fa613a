"""Assemble one language's book: translate every chapter, convert them with pandoc, split into pages."""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass
from functools import cached_property

import lxml.html
from lxml import etree

from . import pandoc, tree
from .catalogs import State
from .config import CONFIG_PATH, OPTIONS, Entry, Language, catalog_folder
from .direction import direction, lift_directions
from .diagnostics import Diagnostic, raise_errors
from .pseudo import blocks as localize_pseudo, text as pseudo_text
from .source import Chapter, Source
from .transform import localize_edition
from .translate import Judged, catalog_path, fill, judge, load_catalogs, lookup
from .typography import typeset


@dataclass(frozen=True)
class Text:
    """A value in the language it is actually written in: the target's, or the source's when untranslated."""

    value: str
    lang: str


@dataclass(frozen=True)
class Logo:
    """A partner's mark in one language: its logo, and its name, which is the logo's text alternative."""

    name: Text
    path: str   # in content/


@dataclass(frozen=True)
class TocEntry:
    id: str
    level: int
    html: str
    text: str


@dataclass(frozen=True)
class Page:
    """A chapter or part opener in one language."""

    entry: Entry
    title: str
    title_lang: str
    heading: str       # for the site: the chapter's title (h1), so that its own contents can follow it
    body: str          # for the site: the chapter's HTML after its title, links pointing at pages
    notes: str         # for the site: the chapter's footnotes, numbered from 1
    print_body: str    # for the PDF: footnotes in place, links pointing inside the book
    toc: tuple[TocEntry, ...]

    @property
    def stem(self) -> str:
        return self.entry.stem


@dataclass(frozen=True)
class TranslatedChapter:
    """A chapter in one language: its document, every unit judged."""

    chapter: Chapter
    blocks: tuple
    judged: tuple[Judged, ...]


@dataclass(frozen=True)
class Book:
    source: Source
    language: Language
    meta: dict[str, Text | None]
    keywords: tuple[Text, ...]
    fields: tuple      # (Field, State) of each translatable value of publication.yml
    chapters: tuple[TranslatedChapter, ...]
    pages: tuple[Page, ...]
    pseudo: bool = False   # the source pseudo-localized, formatted in this language (mieux-pub pseudo)
    partners: tuple[Logo, ...] = ()

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def judged(self) -> tuple[Judged, ...]:
        return tuple(j for c in self.chapters for j in c.judged)

    @property
    def direction(self) -> str:
        """'rtl' or 'ltr': how the edition's language reads."""
        return direction(self.code)

    @property
    def percent(self) -> float:
        """Share of the units translated, the chapters' and publication.yml's, as coverage counts them."""
        done = [j.state is State.TRANSLATED for j in self.judged] + [s is State.TRANSLATED for _, s in self.fields]
        return 100.0 * sum(done) / len(done) if done else 100.0

    def draft_percent(self, env) -> str | None:
        """For a draft language, how much of it is translated, formatted for its readers; else None."""
        return env.filters["percent"](round(self.percent) / 100) if self.language.draft else None

    def other_languages(self, env) -> list[str]:
        """The other release languages, named in this book's language."""
        return [env.filters["language"](lang.code) for lang in self.source.publication.languages
                if lang.release and lang.code != self.code]

    @cached_property
    def images(self) -> tuple[str, ...]:
        """The images of this edition, as paths inside content/ (the transforms point them at '../<path>'): the
        chapters' and those publication.yml names (cover, logos)."""
        return tuple(sorted({n["c"][2][0][3:] for c in self.chapters for n in tree.walk(list(c.blocks))
                             if n["t"] == "Image" and n["c"][2][0].startswith("../")}
                            | set(self.source.publication.images)))

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        """The project files this edition is made from."""
        catalogs = [catalog_path(self.code, d) for d in [c.chapter.stem for c in self.chapters] + ["publication"]]
        return tuple([CONFIG_PATH] + [c.chapter.path for c in self.chapters]
                     + [p for p in catalogs if (self.source.root / p).is_file()] + [f"content/{i}" for i in self.images])

    def document(self, front: list | None = None) -> dict:
        """The whole book as one document, each chapter in a div of its own."""
        return book_document(self.chapters, front)

    def page(self, stem: str) -> Page:
        return next(p for p in self.pages if p.stem == stem)


def book_document(chapters, front: list | None = None) -> dict:
    return tree.document(list(front or []) + [
        tree.div(list(c.blocks), classes=["chapter"], pairs=[("data-stem", c.chapter.stem)]) for c in chapters])


def assemble(source: Source, language: Language, pseudo: bool = False,
             marks: bool = False) -> tuple[Book, list[Diagnostic]]:
    """Judge, translate, localize and convert one language; errors are raised, warnings returned.

    A pseudo book is the source, pseudo-localized, with this language's formats and templates.
    With marks, each unit left to translate carries what serve's translator view shows of it.
    """
    text_language = source.publication.source if pseudo else language
    catalogs, warnings = load_catalogs(source, text_language)
    raise_errors(warnings)
    judged, problems = judge(source, text_language, catalogs)
    problems = warnings + problems
    source_code = source.publication.source_language
    chapters = []
    for chapter in source.chapters:
        states = judged[chapter.stem]
        blocks = fill(list(chapter.template.blocks), {j.unit.index: j for j in states}, source_code, marks)
        if pseudo:
            localize_pseudo(blocks)
        problems += localize_edition(blocks, source, chapter, language.code)
        chapters.append(TranslatedChapter(chapter, tuple(blocks), states))
    meta, lists, fields = metadata(source, text_language, catalogs["publication"])
    keywords, names = lists["keywords"], lists["partners"]
    if pseudo:
        meta = {k: v and Text(pseudo_text(v.value), v.lang) for k, v in meta.items()}
        keywords, names = ([Text(pseudo_text(t.value), t.lang) for t in texts] for texts in (keywords, names))
    raise_errors(problems)
    converted = pandoc.to_html(book_document(chapters), f"{catalog_folder(language.code)} (the {language.code} edition)")
    pages = _pages(converted, source, language)
    partners = tuple(Logo(name, partner.logo) for name, partner in zip(names, source.publication.partners))
    return Book(source, language, meta, tuple(keywords), fields, tuple(chapters), pages, pseudo, partners), problems


def metadata(source: Source, language: Language, catalog):
    """The translatable fields of publication.yml in a language: each text field, each list's texts (keywords,
    partners' names), and the state of each value."""
    fields = {key: None for key, option in OPTIONS.items() if option.translatable and option.kind is not list}
    lists = {key: [] for key, option in OPTIONS.items() if option.translatable and option.kind is list}
    states = []
    source_code = source.publication.source_language
    for field in source.publication.fields:
        found = lookup(source, language, catalog, field.text)
        states.append((field, found.state))
        if found.state is State.TRANSLATED and found.entry is not None:
            text = Text(typeset(found.entry.msgstr, language.code), language.code)
        else:
            text = Text(typeset(field.text, source_code), source_code)
        if field.key in lists:
            lists[field.key].append(text)
        else:
            fields[field.key] = text
    return fields, lists, tuple(states)


def box_asides(root, namespace: str = "") -> None:
    """Make each fenced div of class box (`::: {.box}`) an aside: a panel beside the text, which its own heading
    introduces. It is left unnamed, so that it is no landmark (sixteen boxes would be sixteen landmarks of one name)."""
    for box in list(root.iter(f"{namespace}div", f"{namespace}section")):
        if "box" in (box.get("class") or "").split():
            box.tag = f"{namespace}aside"


def _pages(converted: str, source: Source, language: Language) -> tuple[Page, ...]:
    root = lxml.html.fragment_fromstring(converted, create_parent="div")
    box_asides(root)
    notes = {li.get("id"): li for li in root.iterfind(".//section[@id='footnotes']/ol/li")}
    sections = {s.get("data-stem"): s for s in root.findall("*[@data-stem]")}
    owner = {}
    for section in sections.values():
        for element in section.iter():
            if element.get("id"):
                owner[element.get("id")] = section.get("data-stem")
    pages = []
    for chapter in source.chapters:
        section = sections[chapter.stem]
        heading = section.find("h1")
        title_lang = heading[0].get("lang") if len(heading) and heading[0].get("lang") else language.code
        site_heading, body, site_notes = _site_body(section, notes, owner)
        pages.append(Page(
            entry=chapter.entry,
            title=heading.text_content().strip(),
            title_lang=title_lang,
            heading=site_heading,
            body=body,
            notes=site_notes,
            print_body=_print_body(section, notes),
            toc=tuple(TocEntry(h.get("id"), int(h.tag[1]), _inner(_without_notes(h)), h.text_content().strip())
                      for h in section.iter("h2", "h3")
                      if h.get("id") and not any(a.tag == "aside" for a in h.iterancestors())),   # not a box's
        ))
    return tuple(pages)


def _site_body(section, notes, owner) -> tuple[str, str, str]:
    """Split off the title, point links at the page that holds their target, number the page's footnotes from 1."""
    section = copy.deepcopy(section)
    lift_directions(section)
    _scroll_regions(section)
    for link in section.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and not link.get("class") == "footnote-ref":
            target = href[1:]
            stem = owner.get(target)
            if stem is not None:
                link.set("href", f"{stem}.html" if target == stem else f"{stem}.html#{target}")
    items = []
    for number, ref in enumerate(section.iterfind(".//a[@class='footnote-ref']"), start=1):
        ref.find("sup").text = str(number)
        note = copy.deepcopy(notes[ref.get("href")[1:]])
        items.append(lxml.html.tostring(note, encoding="unicode").strip())
    notes_html = "<ol>" + "".join(items) + "</ol>" if items else ""
    heading = section.find("h1")
    section.remove(heading)
    return lxml.html.tostring(heading, encoding="unicode", with_tail=False), _inner(section), notes_html


def _scroll_regions(section) -> None:
    """Put each table in a region that scrolls sideways on a narrow screen, which the keyboard can reach and
    a screen reader names after the table's caption or, without one, the heading it comes under."""
    label, tables = None, []
    for element in section.iter("h1", "h2", "h3", "h4", "h5", "h6", "table"):
        if element.tag == "table":
            caption = element.find("caption")
            tables.append((element, caption if caption is not None else label))
        else:
            label = element
    for table, label in tables:
        region = etree.Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0"})
        if label is not None:
            region.set("aria-label", " ".join(_without_notes(label).text_content().split()))
        tail, table.tail = table.tail, None
        table.addprevious(region)
        region.append(table)
        region.tail = tail


def _print_body(section, notes) -> str:
    """Put each footnote's text where it is called, for the PDF's footnote area.

    Each note gets an id, and the block that calls it (or the heading that introduces that block)
    lists it in data-notes, so that the PDF renderer can move it to the next page if the note
    would not fit beside it.
    """
    section = copy.deepcopy(section)
    lift_directions(section)
    for ref in list(section.iterfind(".//a[@class='footnote-ref']")):
        key = ref.get("href")[1:]
        note = copy.deepcopy(notes[key])
        for back in note.iterfind(".//a[@class='footnote-back']"):
            back.drop_tree()
        span = etree.Element("span", {"class": "footnote", "id": f"note-{key}"})
        for paragraph in note.iterfind("p"):
            paragraph.tag = "span"
            paragraph.set("class", "footnote-paragraph")
            span.append(paragraph)
        span.tail = ref.tail
        block = next(a for a in ref.iterancestors() if a.tag in ("p", "li", "td", "th", "figcaption", "section"))
        while block.getprevious() is not None and block.getprevious().tag in ("h2", "h3", "h4"):
            block = block.getprevious()  # a heading goes with the block it introduces
        block.set("data-notes", " ".join(filter(None, [block.get("data-notes"), span.get("id")])))
        ref.getparent().replace(ref, span)
    return lxml.html.tostring(section, encoding="unicode")


def _without_notes(heading):
    heading = copy.deepcopy(heading)
    for ref in heading.iterfind(".//a[@class='footnote-ref']"):
        ref.drop_tree()
    return heading


def _inner(element) -> str:
    return html.escape(element.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element)
