"""Assemble one language's book: translate every chapter, convert them with pandoc, split into pages."""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass
from functools import cached_property

import lxml.html
from lxml import etree

from . import pandoc, tree
from .catalogs import State
from .config import CONFIG_PATH, OPTIONS, Entry, Language, catalog_folder
from .direction import direction, lift_directions
from .figures import Picture, picture
from .fonts import script
from .diagnostics import Diagnostic, raise_errors
from .numbering import number_floats
from .render import environment, plain
from .pseudo import blocks as localize_pseudo, text as pseudo_text
from .source import Chapter, Source
from .transform import localize_edition
from .translate import Judged, catalog_path, fill, judge, load_catalogs, lookup
from .typography import NBSP, typeset


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
class Listed:
    """A numbered figure or table, as the lists of figures and tables show it."""

    kind: str      # figure or table
    id: str
    label: str     # 'Figure 3', in the edition's words and digits
    html: str      # its caption, without the label
    text: str
    lang: str | None   # the caption's language when it falls back to the source


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
    floats: tuple[Listed, ...] = ()

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
    pictures: tuple[Picture, ...] = ()   # the images it shows, as it shows them
    partners: tuple[Logo, ...] = ()

    @property
    def images(self) -> dict[str, bytes]:
        """The bytes of each image its pages show, by its path inside content/ (as '../<path>' in the pages)."""
        return {p.path: p.data for p in self.pictures}

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

    @property
    def draft_share(self) -> float | None:
        """For a draft language, the share of it translated, to the whole percent (0.12); else None."""
        return draft_share(self.language, self.percent)

    def draft_percent(self, env) -> str | None:
        """For a draft language, how much of it is translated, formatted for its readers; else None."""
        return env.filters["percent"](self.draft_share) if self.language.draft else None

    def other_languages(self, env) -> list[str]:
        """The other release languages, named in this book's language."""
        return [env.filters["language"](lang.code) for lang in self.source.publication.languages
                if lang.release and lang.code != self.code]

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        """The project files this edition is made from."""
        catalogs = [catalog_path(self.code, d) for d in [c.chapter.stem for c in self.chapters] + ["publication"]]
        return tuple([CONFIG_PATH] + [c.chapter.path for c in self.chapters]
                     + [p for p in catalogs if (self.source.root / p).is_file()]
                     + sorted({f"content/{p.source}" for p in self.pictures}))

    def document(self, front: list | None = None) -> dict:
        """The whole book as one document, each chapter in a div of its own."""
        return book_document(self.chapters, front)

    def page(self, stem: str) -> Page:
        return next(p for p in self.pages if p.stem == stem)


def draft_share(language: Language, percent: float) -> float | None:
    """What a draft notice says of a language translated to `percent`: a share to the whole percent; None for a
    release language."""
    return round(percent) / 100 if language.draft else None


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
    filled = [(chapter, fill(list(chapter.template.blocks), {j.unit.index: j for j in judged[chapter.stem]},
                             source_code, marks, language.draft)) for chapter in source.chapters]
    if pseudo:
        for _, blocks in filled:
            localize_pseudo(blocks)
    words = environment(source.root, language, pseudo).get_template("floats.html").module
    number_floats(filled, source, language, words)
    chapters = []
    for chapter, blocks in filled:
        problems += localize_edition(blocks, source, chapter, language.code)
        chapters.append(TranslatedChapter(chapter, tuple(blocks), judged[chapter.stem]))
    meta, lists, fields = metadata(source, text_language, catalogs["publication"])
    keywords, names = lists["keywords"], lists["partners"]
    if pseudo:
        meta = {k: v and Text(pseudo_text(v.value), v.lang) for k, v in meta.items()}
        keywords, names = ([Text(pseudo_text(t.value), t.lang) for t in texts] for texts in (keywords, names))
    raise_errors(problems)
    pictures = _pictures(source, language, chapters, pseudo)
    converted = pandoc.to_html(book_document(chapters), f"{catalog_folder(language.code)} (the {language.code} edition)")
    page_words = plain(words.page("\ue000")).replace(" ", NBSP).split("\ue000")   # 'p. ' and '' around the number
    pages = _pages(converted, source, language, page_words)
    partners = tuple(Logo(name, partner.logo) for name, partner in zip(names, source.publication.partners))
    return Book(source, language, meta, tuple(keywords), fields, tuple(chapters), pages, pseudo, pictures,
                partners), problems


def _pictures(source: Source, language: Language, chapters, pseudo: bool) -> tuple[Picture, ...]:
    """Every image the edition shows, its figures in its words: a translation where one is used, else the source's
    words in the source's language (a figure shown by two chapters takes the first translation it has)."""
    words = {}
    for judged in (j for c in chapters for j in c.judged if j.unit.kind == "figure"):
        if judged.used and (judged.unit.text not in words or words[judged.unit.text][1] != language.code):
            words[judged.unit.text] = (judged.inlines[0], language.code)
        elif not judged.used:
            words.setdefault(judged.unit.text, (judged.unit.text, source.publication.source_language))
    if pseudo:
        words = {text: (pseudo_text(text), lang) for text, (_, lang) in words.items()}
    named = source.publication.fonts_for(language.code, script(language.locale))
    relatives = dict.fromkeys(relative for c in source.chapters for _, relative in source.images(c))
    return tuple(picture(source.root, relative, language, words, named) for relative in relatives)


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


def _pages(converted: str, source: Source, language: Language, page_words: list[str]) -> tuple[Page, ...]:
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
            print_body=_print_body(section, notes, page_words),
            toc=tuple(TocEntry(h.get("id"), int(h.tag[1]), _inner(_without_notes(h)), h.text_content().strip())
                      for h in section.iter("h2", "h3")
                      if h.get("id") and not any(a.tag == "aside" for a in h.iterancestors())),   # not a box's
            floats=_floats(section),
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


def _floats(section) -> tuple[Listed, ...]:
    """The numbered figures and tables of a chapter, in order, from their labelled captions."""
    found = []
    for label in section.iterfind(".//span[@class='float-label']"):
        caption, owner = label.getparent(), label.getparent().getparent()
        if caption.tag not in ("figcaption", "caption"):
            continue
        caption = _without_notes(caption)
        # The label goes, and the separator numbering.number put after it: the text up to its colon.
        caption.text, caption[0].tail = (caption[0].tail or "").partition(":")[2].lstrip(), None
        caption.remove(caption[0])
        alone = len(caption) == 1 and not (caption.text or "").strip() and not (caption[0].tail or "").strip()
        found.append(Listed("figure" if owner.tag == "figure" else "table", owner.get("id"),
                            label.text_content(), _inner(caption).strip(), " ".join(caption.text_content().split()),
                            caption[0].get("lang") if alone else None))
    return tuple(found)


def _print_body(section, notes, page_words: list[str]) -> str:
    """Put each footnote's text where it is called (with an id), for the PDF's footnote area; give each link that
    names a figure or a table by its number the words around its page number (print.css writes 'Figure 3, p. 56');
    mark what the PDF's typesetting rules need: words in capitals, short tables, the chapter's last block."""
    section = copy.deepcopy(section)
    lift_directions(section)
    for link in section.iterfind(".//a[@class='xref']"):
        link.set("data-page-before", page_words[0])
        link.set("data-page-after", page_words[-1])
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
        ref.getparent().replace(ref, span)
    _keep_capitals_whole(section)
    for table in section.iter("table"):
        if len(table.findall("tbody/tr")) <= WHOLE_TABLE:
            table.set("class", " ".join(filter(None, [table.get("class"), "whole"])))
    ending = _last_block(section)
    if ending is not None:
        ending.set("class", " ".join(filter(None, [ending.get("class"), "ending"])))
    return lxml.html.tostring(section, encoding="unicode")


WHOLE_TABLE = 6   # rows: a table this short is never split across pages
WORDS = re.compile(r"([^\W_]+)")


def _keep_capitals_whole(section) -> None:
    """Set each word written in capitals (an acronym: CARICOM, COVID) in a span the PDF does not hyphenate."""
    for element in list(section.iter()):
        if element.text and element.tag not in ("code", "pre"):
            element.text, spans = _capitals(element.text)
            for index, span in enumerate(spans):
                element.insert(index, span)
        if element.tail and element is not section and element.getparent().tag not in ("code", "pre"):
            element.tail, spans = _capitals(element.tail)
            for span in reversed(spans):
                element.addnext(span)


def _capitals(text: str) -> tuple[str, list]:
    """The text before its first word in capitals, and a span for each such word, holding the text after it."""
    head, spans = "", []
    for index, piece in enumerate(WORDS.split(text)):   # text, word, text, word, ..., text
        if index % 2 and piece.isupper() and sum(c.isupper() for c in piece) > 1:
            span = etree.Element("span", {"class": "caps"})
            span.text, span.tail = piece, ""
            spans.append(span)
        elif spans:
            spans[-1].tail += piece
        else:
            head += piece
    return head, spans


def _last_block(section):
    """The chapter's last paragraph, item or table: the block its last page ends with."""
    blocks = [e for e in section.iter("p", "li", "table", "figure", "blockquote", "dl", "pre")
              if not any(a.get("class") == "footnote" for a in e.iterancestors())]
    return blocks[-1] if blocks else None


def _without_notes(heading):
    heading = copy.deepcopy(heading)
    for ref in heading.iterfind(".//a[@class='footnote-ref']"):
        ref.drop_tree()
    return heading


def _inner(element) -> str:
    return html.escape(element.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element)
