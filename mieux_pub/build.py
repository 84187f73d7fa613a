"""build(): the whole pipeline, one stage per line; everything is gathered and checked before anything is written."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import editions, reports
from .book import Book
from .catalogs import State
from .config import CONFIG_PATH, Publication, release_time
from .coverage import coverage
from .diagnostics import Diagnostic, MieuxError, Severity, error, warning
from .formats import NAMES, Artifact, Context, Manifest, by_name
from .output import locked, replace
from .render import environment
from .site import check_links
from .source import load


@dataclass(frozen=True)
class Options:
    out: Path | None = None
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = NAMES
    drafts: bool = False
    strict: bool = False
    pseudo: bool = False   # build the source pseudo-localized (in the one language named, else the source's)
    jobs: int = 0          # processes for the languages' editions; 0: one per core


@dataclass(frozen=True)
class Result:
    out: Path
    written: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)


def build(root: Path, options: Options = Options(), environ=os.environ) -> Result:
    """Build the publication; raise MieuxError, leaving previous outputs untouched, when it cannot be built."""
    source = load(root)
    languages = select_languages(source.publication, options)
    epoch = int(release_time(source.publication, environ).timestamp())
    out = (options.out or source.root / ("build/pseudo" if options.pseudo else "build")).resolve()
    with locked(out):
        earlier = Manifest.read(out)
        downloads = tuple(name for name in options.formats if by_name(name).download)
        made = editions.make(source, languages, downloads, epoch, options.pseudo, earlier,
                             options.jobs or os.cpu_count() or 1)
        books = tuple(edition.book for edition in made)
        artifacts = [artifact for edition in made for artifact in edition.artifacts]
        problems = list(source.warnings)
        for edition in made:
            problems += list(edition.problems) + completeness(edition.book, options.strict)
        # The site lists every edition and its downloads, so it comes once they are all made.
        if "html" in options.formats:
            envs = {book.code: environment(source.root, book.language, book.pseudo) for book in books}
            pages, found = by_name("html").render(Context(books, envs, epoch, out, earlier.merged(artifacts)))
            artifacts += pages
            problems += found
        if not options.pseudo:
            artifacts += coverage_reports(source, books, out, earlier.merged(artifacts))
        manifest = earlier.merged(artifacts, owned(earlier, [b.code for b in books], options.formats))
        problems += check_links(artifacts, manifest)
        if options.strict:
            problems = [_as_error(p) for p in problems]
        if any(p.is_error for p in problems):
            raise MieuxError(problems)
        # Everything is rendered and checked: only now is the output folder replaced, in one step.
        files = {a.path: a.data for a in artifacts + [manifest.as_artifact()]}
        replace(out, files, {e["path"] for e in earlier.entries} - {e["path"] for e in manifest.entries})
    return Result(out, tuple(files), tuple(problems))


def select_languages(publication: Publication, options: Options):
    """Release languages, plus drafts named with --lang or asked for with --drafts."""
    publication.require(options.languages)
    if options.pseudo:
        return [publication.language(options.languages[0]) if options.languages else publication.source]
    if options.languages:
        return [lang for lang in publication.languages if lang.code in options.languages]
    return [lang for lang in publication.languages if lang.release or options.drafts]


def completeness(book: Book, strict: bool) -> list[Diagnostic]:
    """Report the units a release language lacks: one summary, or each unit under --strict."""
    if book.language.draft:
        return []
    lacking = [(c.chapter.path, j.unit.line, j.state, j.unit.text) for c in book.chapters for j in c.judged
               if j.state is not State.TRANSLATED]
    lacking += [(CONFIG_PATH, field.line, state, field.text) for field, state in book.fields
                if state is not State.TRANSLATED]
    if not lacking:
        return []
    if strict:
        return [error(path, line, f"untranslated-{state.value}", f"{book.code}: {state.value}: {_preview(text)}")
                for path, line, state, text in lacking]
    return [warning(f"content/locales/{book.code}", None, "incomplete",
                    f"{len(lacking)} units are not translated in release language {book.code}; "
                    f"they fall back to {book.source.publication.source_language} (see mieux-pub coverage)")]


def coverage_reports(source, books: list[Book], out: Path, manifest: Manifest) -> list[Artifact]:
    """The coverage report that CI keeps, as JSON and as a page, from the languages built and the others.

    The page links each unit to its place in the HTML editions in the output folder, and to its source line.
    """
    result = coverage(source, books=books)
    page = reports.html(result, source.publication.text("title"), manifest.languages("html"),
                        reports.project_link(source.root, out))
    return [Artifact("reports/coverage.json", reports.as_json(result).encode("utf-8")),
            Artifact("reports/coverage.html", page.encode("utf-8"))]


def owned(earlier: Manifest, codes: list[str], formats) -> set[tuple[str | None, str]]:
    """The (language, format) pairs this build makes anew: an earlier file of one of them not made again is stale
    (a removed chapter's page, an old search index). Shared files are owned when no other language keeps them."""
    pairs = {(code, name) for code in codes for name in formats} | ({(None, "search")} if "html" in formats else set())
    return pairs | {(None, name) for name in formats if earlier.languages(name) <= set(codes)}


def _as_error(problem: Diagnostic) -> Diagnostic:
    return Diagnostic(problem.path, problem.line, problem.code, problem.message, Severity.ERROR)


def _preview(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


