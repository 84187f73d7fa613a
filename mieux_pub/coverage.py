"""Translation coverage: per language and per chapter, in units and in source words, against the current source."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogs import EMPTY, Lookup, State, read_catalog, with_suggestions
from .config import CONFIG_PATH, Language, release_time
from .diagnostics import raise_errors
from .extract import ui_languages, ui_template
from .render import package_catalog_paths, ui_catalog_path
from .resources import CONTENT_DIR
from .source import Source
from .translate import judge, load_catalogs, lookup
from .units import count_words

STATES = (State.TRANSLATED, State.FUZZY, State.MISSING, State.REJECTED)


@dataclass(frozen=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing + self.rejected

    @property
    def percent(self) -> float:
        return round(100.0 * self.translated / self.total, 1) if self.total else 100.0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.translated + other.translated, self.fuzzy + other.fuzzy, self.missing + other.missing,
                      self.rejected + other.rejected)

    def as_dict(self) -> dict:
        return {"total": self.total, "translated": self.translated, "fuzzy": self.fuzzy, "missing": self.missing,
                "rejected": self.rejected}


@dataclass(frozen=True)
class Lacking:
    """A unit that is not translated: where it is, its state and its source text."""

    path: str
    line: int
    state: State
    text: str
    page: str = ""                # where it shows in the HTML edition, relative to the edition's folder
    previous: str | None = None   # a fuzzy unit's former source, when its catalog kept it


@dataclass(frozen=True)
class ChapterCoverage:
    stem: str
    path: str
    units: Counts
    words: Counts
    lacking: tuple[Lacking, ...]

    @property
    def percent(self) -> float:
        return self.units.percent


@dataclass(frozen=True)
class LanguageCoverage:
    code: str
    release: bool
    chapters: tuple[ChapterCoverage, ...]
    ui: Counts
    ui_lacking: tuple[Lacking, ...]

    @property
    def units(self) -> Counts:
        return sum((c.units for c in self.chapters), Counts())

    @property
    def words(self) -> Counts:
        return sum((c.words for c in self.chapters), Counts())

    @property
    def percent(self) -> float:
        return self.units.percent

    @property
    def complete(self) -> bool:
        return self.units.translated == self.units.total and self.ui.translated == self.ui.total

    @property
    def lacking(self) -> tuple[Lacking, ...]:
        return tuple(item for c in self.chapters for item in c.lacking) + self.ui_lacking


@dataclass(frozen=True)
class Coverage:
    source_language: str
    languages: tuple[LanguageCoverage, ...]

    def failing(self, fail_under: float | None = None) -> list[LanguageCoverage]:
        """The languages that must fail a run: incomplete release languages, and any below fail_under %."""
        return [lang for lang in self.languages
                if (lang.release and not lang.complete) or (fail_under is not None and lang.percent < fail_under)]

    def as_dict(self) -> dict:
        """The documented JSON shape that CI keeps as build/reports/coverage.json."""
        return {
            "source_language": self.source_language,
            "languages": [{
                "code": lang.code,
                "release": lang.release,
                "percent": lang.percent,
                "units": lang.units.as_dict(),
                "words": lang.words.as_dict(),
                "ui": lang.ui.as_dict(),
                "chapters": [{"stem": c.stem, "percent": c.percent, "units": c.units.as_dict(),
                              "words": c.words.as_dict()} for c in lang.chapters],
            } for lang in self.languages],
        }


def coverage(source: Source, codes: tuple[str, ...] = (), books=()) -> Coverage:
    """Count every unit of every target language (or of those named) against the current source.

    The languages of books a build has assembled are counted from their judged units; the rest are judged here.
    """
    publication = source.publication
    publication.require(codes)
    targets = [lang for lang in publication.languages
               if lang.code != publication.source_language and (not codes or lang.code in codes)]
    ui = ui_template(source.root)
    built = {book.code: book for book in books}
    return Coverage(publication.source_language,
                    tuple(_language(source, lang, ui, built.get(lang.code)) for lang in targets))


def _language(source: Source, language: Language, ui, book) -> LanguageCoverage:
    if book is not None:
        judged = {c.chapter.stem: c.judged for c in book.chapters}
        fields = book.fields
    else:
        catalogs, problems = load_catalogs(source, language)
        raise_errors(problems)
        judged, _ = judge(source, language, catalogs)
        fields = [(f, lookup(source, language, catalogs["publication"], f.text).state) for f in source.publication.fields]
    rows = [_row(c.stem, c.path, [(f"{CONTENT_DIR}/{j.unit.origin}", j.unit.line, j.unit.text, j.state,
                                   c.page(j.unit), j.previous) for j in judged[c.stem]])
            for c in source.chapters]
    rows.append(_row("publication", CONFIG_PATH, [(CONFIG_PATH, f.line, f.text, state, "", None)
                                                  for f, state in fields]))
    ui_counts, ui_lacking = _ui(source, language, ui)
    return LanguageCoverage(language.code, language.release, tuple(rows), ui_counts, ui_lacking)


def _row(stem, path, units) -> ChapterCoverage:
    counts, words, lacking = dict.fromkeys(STATES, 0), dict.fromkeys(STATES, 0), []
    for where, line, text, state, page, previous in units:
        counts[state] += 1
        words[state] += count_words(text)
        if state is not State.TRANSLATED:
            lacking.append(Lacking(where, line, state, text, page, previous))
    return ChapterCoverage(stem, path, Counts(*counts.values()), Counts(*words.values()), tuple(lacking))


def _ui(source: Source, language: Language, template) -> tuple[Counts, tuple[Lacking, ...]]:
    if language not in ui_languages(source.publication):
        # The templates are written in English: an English edition needs no ui.po.
        return Counts(translated=len(template.messages)), ()
    relpath = ui_catalog_path(language.code)
    catalog, problems = read_catalog(source.root, relpath)
    raise_errors(problems)
    path = source.root / relpath
    catalog = with_suggestions(catalog, path.read_bytes() if path.is_file() else EMPTY, template,
                               release_time(source.publication, {}), None)
    shipped = [read_catalog(path.parent, path.name)[0] for path in package_catalog_paths(language.code)]
    counts, lacking = dict.fromkeys(STATES, 0), []
    for message in template.messages:
        found = catalog.lookup(message.msgid)
        if found.state is not State.TRANSLATED and any(c.lookup(message.msgid).state is State.TRANSLATED
                                                       for c in shipped):
            found = Lookup(State.TRANSLATED)   # the translation mieux-pub ships shows
        counts[found.state] += 1
        if found.state is not State.TRANSLATED:
            # Where it is to be translated: its entry in the project's ui.po, or that catalog (extract makes it).
            entry = catalog.entries.get(message.msgid)
            lacking.append(Lacking(relpath, entry.line if entry else 0, found.state, message.msgid,
                                   previous=found.previous))
    return Counts(*counts.values()), tuple(lacking)
