"""build(): the whole pipeline, one stage per line; everything is gathered and checked before anything is written."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import reports
from .book import Book, assemble
from .catalogs import State
from .config import Publication, release_time
from .coverage import coverage
from .diagnostics import Diagnostic, MieuxError, Severity, error, warning
from .epub import render_epub
from .render import environment, template_path
from .search import search_index
from .site import Artifact, Downloads, check_links, chooser, draft_percent, editions, output_name, site_pages
from .source import load


FORMATS = ("html", "pdf", "epub")


@dataclass(frozen=True)
class Options:
    out: Path | None = None
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    drafts: bool = False
    strict: bool = False


@dataclass(frozen=True)
class Job:
    """One PDF to render: its print HTML and stylesheet, where relative URLs start, and its names."""

    html: str
    css: str
    base_url: Path
    identifier: str
    where: str


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
    books, problems = [], []
    for language in languages:
        book, found = assemble(source, language)
        books.append(book)
        problems += found + completeness(book, options.strict)
    books = tuple(books)
    out = (options.out or source.root / "build").resolve()
    artifacts, found = render(books, options.formats, epoch, out)
    artifacts += coverage_reports(source)
    problems += found + check_links(artifacts, out)
    if options.strict:
        problems = [_as_error(p) for p in problems]
    if any(p.is_error for p in problems):
        raise MieuxError(problems)
    # Everything is rendered and checked: only now are files written.
    written = write(out, artifacts)
    return Result(out, tuple(written), tuple(problems))


def select_languages(publication: Publication, options: Options):
    """Release languages, plus drafts named with --lang or asked for with --drafts."""
    known = {lang.code for lang in publication.languages}
    unknown = [code for code in options.languages if code not in known]
    if unknown:
        raise MieuxError([error("content/publication.yml", None, "unknown-language",
                                f"--lang {code} is not one of the publication's languages: {', '.join(sorted(known))}")
                          for code in unknown])
    if options.languages:
        return [lang for lang in publication.languages if lang.code in options.languages]
    return [lang for lang in publication.languages if lang.release or options.drafts]


def completeness(book: Book, strict: bool) -> list[Diagnostic]:
    """Report the units a release language lacks: one summary, or each unit under --strict."""
    if book.language.draft:
        return []
    lacking = [(c, j) for c in book.chapters for j in c.judged if j.state is not State.TRANSLATED]
    if not lacking:
        return []
    if strict:
        return [error(c.chapter.path, j.unit.line, f"untranslated-{j.state.value}",
                      f"{book.code}: {j.state.value}: {_preview(j.unit.text)}") for c, j in lacking]
    return [warning(f"content/locales/{book.code}", None, "incomplete",
                    f"{len(lacking)} units are not translated in release language {book.code}; "
                    f"they fall back to {book.source.publication.source_language} (see mieux-pub coverage)")]


def render(books: tuple[Book, ...], formats, epoch: int, out: Path) -> tuple[list[Artifact], list[Diagnostic]]:
    """Render every requested format of every language into memory."""
    artifacts, problems = [], []
    source = books[0].source
    envs = {book.code: environment(source.root, book.language) for book in books}
    offered = editions(books, out)
    downloads = {e.code: Downloads.found(out, source.publication.id, e.code) for e in offered}
    if "pdf" in formats:
        from .pdf import render_all  # WeasyPrint takes a second to import: only PDFs need it

        rendered = render_all(source.root, [pdf_job(book, envs[book.code], epoch) for book in books])
        for book, (pdf, found) in zip(books, rendered):
            artifacts.append(Artifact(f"{book.code}/{downloads[book.code].pdf}", pdf))
            downloads[book.code] = replace(downloads[book.code], pdf_size=len(pdf))
            problems += found
    if "epub" in formats:
        for book in books:
            env = envs[book.code]
            data = render_epub(book, env, epoch, draft_percent(book, env), other_languages(book, env))
            artifacts.append(Artifact(f"{book.code}/{downloads[book.code].epub}", data))
            downloads[book.code] = replace(downloads[book.code], epub_size=len(data))
    if "html" in formats:
        pages = [page for book in books for page in site_pages(book, envs[book.code], offered, downloads)]
        built = {b.code for b in books}
        kept = [Artifact(p.relative_to(out).as_posix(), p.read_bytes()) for e in offered if e.code not in built
                for p in sorted((out / e.code).glob("*.html"))]  # so the index keeps the other languages
        artifacts += pages + search_index(pages + kept)
        artifacts.append(chooser(source, offered))
        artifacts += static_files(source.root)
    return artifacts, problems


def pdf_job(book: Book, env, epoch: int) -> Job:
    """The print HTML of one language, rendered with its Jinja environment, ready for WeasyPrint."""
    root = book.source.root
    html = env.get_template("book.html").render(
        book=book, meta=book.meta, keywords=book.keywords, publication=book.source.publication,
        draft_percent=draft_percent(book, env), created=_w3c(epoch), others=other_languages(book, env))
    name = output_name(book.source.publication.id, book.code, "pdf")
    return Job(html, template_path(root, "print.css").read_text(encoding="utf-8"), root / "content" / "chapters",
               name.removesuffix(".pdf"), f"{book.code}/{name}")


def other_languages(book: Book, env) -> list[str]:
    """The other release languages, named in this book's language."""
    return [env.filters["language"](lang.code) for lang in book.source.publication.languages
            if lang.release and lang.code != book.code]


def coverage_reports(source) -> list[Artifact]:
    """The coverage report that CI keeps, as JSON and as a page."""
    result = coverage(source)
    return [Artifact("reports/coverage.json", reports.as_json(result).encode("utf-8")),
            Artifact("reports/coverage.html", reports.html(result, source.publication.text("title")).encode("utf-8"))]


def static_files(root: Path) -> list[Artifact]:
    """The site's stylesheet and the publication's images."""
    files = [Artifact("assets/site.css", template_path(root, "site.css").read_bytes())]
    images = root / "content" / "images"
    if images.is_dir():
        files += [Artifact(f"images/{p.relative_to(images).as_posix()}", p.read_bytes())
                  for p in sorted(images.rglob("*")) if p.is_file()]
    return files


def write(out: Path, artifacts: list[Artifact]) -> list[str]:
    """Write each file through a temporary name, so none is ever half-written."""
    written = []
    for artifact in artifacts:
        path = out / artifact.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.read_bytes() == artifact.data:
            written.append(artifact.path)
            continue
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(artifact.data)
        tmp.replace(path)
        written.append(artifact.path)
    return written


def _as_error(problem: Diagnostic) -> Diagnostic:
    return Diagnostic(problem.path, problem.line, problem.code, problem.message, Severity.ERROR)


def _preview(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _w3c(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
