"""The HTML edition: a landing page and one page per chapter in every language, and a language chooser."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from .book import Book, Page, Text
from .diagnostics import Diagnostic, warning
from .render import environment


@dataclass(frozen=True)
class Artifact:
    """One output file, in memory until the build writes it."""

    path: str      # relative to the output folder
    data: bytes


@dataclass(frozen=True)
class Edition:
    """A language the site offers: built now, or by an earlier build whose pages are still there."""

    code: str
    title: Text


def editions(books: tuple[Book, ...], out: Path) -> list[Edition]:
    """The languages to offer, in the publication's order, so a build of one language keeps the others."""
    built = {b.code: b for b in books}
    found = []
    for language in books[0].source.publication.languages:
        if language.code in built:
            found.append(Edition(language.code, built[language.code].meta["title"]))
        elif (out / language.code / "index.html").is_file():
            heading = lxml.html.parse(str(out / language.code / "index.html")).getroot().find(".//main//h1")
            title = heading.text_content().strip() if heading is not None else language.code
            found.append(Edition(language.code, Text(title, language.code)))
    return found


def output_name(publication_id: str, code: str, extension: str) -> str:
    """The name of a downloadable file: creer-des-liens-fr.pdf."""
    return f"{publication_id}-{code}.{extension}"


@dataclass(frozen=True)
class Downloads:
    """A language's PDF and EPUB, with their sizes when they exist."""

    pdf: str
    epub: str
    pdf_size: int | None = None
    epub_size: int | None = None

    @classmethod
    def found(cls, out: Path, publication_id: str, code: str) -> "Downloads":
        """The files of a language as an earlier build left them in the output folder."""
        pdf, epub = (output_name(publication_id, code, extension) for extension in ("pdf", "epub"))
        sizes = [(out / code / name).stat().st_size if (out / code / name).is_file() else None for name in (pdf, epub)]
        return cls(pdf, epub, *sizes)


def draft_percent(book: Book, env) -> str | None:
    """For a draft language, how much of it is translated, formatted for its readers; else None."""
    if not book.language.draft:
        return None
    return env.filters["percent"](round(book.percent) / 100)


def site_pages(book: Book, env, offered: list[Edition], downloads: dict[str, Downloads]) -> list[Artifact]:
    """Render the landing page and the chapter pages of one language with its Jinja environment."""
    source = book.source
    languages = [source.publication.language(e.code) for e in offered]
    common = dict(book=book, meta=book.meta, publication=source.publication, languages=languages,
                  direction="rtl" if book.language.locale.character_order == "right-to-left" else "ltr",
                  draft_percent=draft_percent(book, env))

    def alternates(page_file: str) -> list[dict]:
        links = [{"hreflang": e.code, "href": f"../{e.code}/{page_file}"} for e in offered]
        return links + [{"hreflang": "x-default", "href": f"../{source.publication.source_language}/{page_file}"}]

    artifacts = [_artifact(book, "index.html", env.get_template("landing.html").render(
        **common, page_file="index.html", alternates=alternates("index.html"), files=downloads,
        page_href=lambda page: f"{page.stem}.html"))]
    pages = book.pages
    chapter = env.get_template("chapter.html")
    for i, page in enumerate(pages):
        page_file = f"{page.stem}.html"
        artifacts.append(_artifact(book, page_file, chapter.render(
            **common, page=page, page_file=page_file, alternates=alternates(page_file),
            part=_part(book, page), previous=pages[i - 1] if i else None,
            next=pages[i + 1] if i + 1 < len(pages) else None)))
    return artifacts


def chooser(source, offered: list[Edition]) -> Artifact:
    """build/index.html: every language, each named in itself."""
    env = environment(source.root, source.publication.source)
    html = env.get_template("chooser.html").render(editions=offered, source=source.publication.source)
    return Artifact("index.html", html.encode("utf-8"))


def _part(book: Book, page: Page) -> Page | None:
    return book.page(page.entry.part) if page.entry.part else None


def _artifact(book: Book, name: str, html: str) -> Artifact:
    return Artifact(f"{book.code}/{name}", html.encode("utf-8"))


def check_links(artifacts: list[Artifact], out: Path) -> list[Diagnostic]:
    """Warn about each link of the site's pages whose file or anchor does not exist."""
    pages = {a.path: lxml.html.fromstring(a.data) for a in artifacts if a.path.endswith(".html")}
    files = {a.path for a in artifacts}
    ids = {path: {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
           for path, tree in pages.items()}
    problems = []
    for path, tree in pages.items():
        for element, attribute, target, _ in tree.iterlinks():
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or element.tag == "html":
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path))) \
                if parts.path else path
            if resolved not in files and not (out / resolved).is_file():
                problems.append(warning(f"build/{path}", None, "broken-link", f"{target} does not exist"))
            elif parts.fragment and resolved in ids and parts.fragment not in ids[resolved]:
                problems.append(warning(f"build/{path}", None, "broken-anchor",
                                        f"{target}: {resolved} has no element with id '{parts.fragment}'"))
    return problems
