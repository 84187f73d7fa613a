"""The HTML edition: a landing page and one page per chapter in every language, and a language chooser."""

from __future__ import annotations

import posixpath
from pathlib import Path
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import lxml.html

from .book import Book, Page, Text, draft_share, metadata
from .catalogs import read_catalog
from .coverage import coverage
from .diagnostics import Diagnostic, warning
from .formats import DOWNLOADS, Artifact, Context, Format, Manifest
from .render import environment, template_path
from .resources import image_bytes
from .search import search_index
from .source import inside
from .translate import catalog_path


@dataclass(frozen=True)
class Edition:
    """A language the site offers: built now, or by an earlier build whose pages are in the manifest."""

    code: str
    title: Text
    draft: float | None = None   # a draft's share translated (see Book.draft_share)


def render(context: Context, output: Format) -> tuple[list[Artifact], list[Diagnostic]]:
    """The site: every edition's pages, the search index, the language chooser, the stylesheet and the images."""
    books, source = context.books, context.source
    offered = editions(context)
    files = downloads(context, offered)
    pages = [page for book in books for page in site_pages(book, context.envs[book.code], offered, files)]
    built = {book.code for book in books}
    kept = [Artifact(e["path"], (context.out / e["path"]).read_bytes(), e["language"], "html")
            for e in context.manifest.entries  # so that the search index keeps the other languages
            if e.get("format") == "html" and e.get("language") not in built and _ours(context.out, e["path"])]
    static = [Artifact("assets/site.css", template_path(source.root, "site.css").read_bytes(), None, "html")]
    # An image every edition shows as it is belongs to none; a figure in an edition's words, to that edition.
    pictures = {p.path: (p, None if p.shared else book.code) for book in books for p in book.pictures}
    static += [Artifact(path, p.data, code, "html", (f"content/{p.source}",))
               for path, (p, code) in sorted(pictures.items())]
    static += [Artifact(image, image_bytes(source.root, image), None, "html", (f"content/{image}",))
               for image in source.publication.images]   # the cover's picture and the partners' logos, as they are
    return pages + search_index(pages + kept) + [chooser(source, offered)] + static, []


def _ours(out: Path, path: str) -> bool:
    """A page an earlier build wrote, still a file of the output folder (not a link planted there)."""
    file = out / path
    return file.is_file() and not file.is_symlink() and inside(out.resolve(), file)


def editions(context: Context) -> list[Edition]:
    """The languages to offer, in the publication's order, so that a build of one language keeps the others."""
    built = {b.code: b for b in context.books}
    already = context.manifest.languages("html")
    found = []
    for language in context.source.publication.languages:
        if language.code in built:
            book = built[language.code]
            found.append(Edition(language.code, book.meta["title"], book.draft_share))
        elif language.code in already:
            catalog, _ = read_catalog(context.source.root, catalog_path(language.code, "publication"))
            found.append(Edition(language.code, metadata(context.source, language, catalog)[0]["title"],
                                 _draft_share(context.source, language)))
    return found


def _draft_share(source, language) -> float | None:
    """A draft's share translated, for an edition an earlier build made: judged again, as coverage does."""
    if not language.draft:
        return None
    units = coverage(source, (language.code,)).languages[0].units
    return draft_share(language, 100.0 * units.translated / units.total if units.total else 100.0)


def downloads(context: Context, offered: list[Edition]) -> dict[str, dict[str, dict]]:
    """Per language and download format, the file's name and size, as the manifest knows them."""
    files = {}
    for edition in offered:
        files[edition.code] = {}
        for output in DOWNLOADS:
            entry = context.manifest.find(edition.code, output.name)
            if entry is not None:
                files[edition.code][output.name] = {"name": entry["path"].rpartition("/")[2], "size": entry["size"]}
    return files


def site_pages(book: Book, env, offered: list[Edition], files: dict) -> list[Artifact]:
    """Render the landing page and the chapter pages of one language with its Jinja environment."""
    source = book.source
    languages = [source.publication.language(e.code) for e in offered]
    common = dict(book=book, meta=book.meta, publication=source.publication, languages=languages,
                  direction=book.direction, draft_percent=book.draft_percent(env),
                  drafts={e.code: e.draft for e in offered if e.draft is not None})

    def alternates(page_file: str) -> list[dict]:
        # Only editions in the output folder are linked: a partial build never points at pages it did not write.
        links = [{"hreflang": e.code, "href": f"../{e.code}/{page_file}"} for e in offered]
        original = source.publication.source_language
        return links + [{"hreflang": "x-default", "href": f"../{original}/{page_file}"}
                        for e in offered if e.code == original]

    artifacts = [_artifact(book, "index.html", env.get_template("landing.html").render(
        **common, page_file="index.html", alternates=alternates("index.html"), files=files, formats=DOWNLOADS,
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
    drafts = {}
    for edition in offered:   # each draft says so in its own language
        if edition.draft is not None:
            own = environment(source.root, source.publication.language(edition.code))
            drafts[edition.code] = own.get_template("notices.html").module.draft_label(
                own.filters["percent"](edition.draft))
    html = env.get_template("chooser.html").render(editions=offered, source=source.publication.source, drafts=drafts)
    return Artifact("index.html", html.encode("utf-8"), None, "html")


def _part(book: Book, page: Page) -> Page | None:
    return book.page(page.entry.part) if page.entry.part else None


def _artifact(book: Book, name: str, html: str) -> Artifact:
    return Artifact(f"{book.code}/{name}", html.encode("utf-8"), book.code, "html", book.inputs)


def check_links(artifacts: list[Artifact], manifest: Manifest) -> list[Diagnostic]:
    """Warn about each link of the site's pages whose file or anchor does not exist."""
    pages = {a.path: lxml.html.fromstring(a.data) for a in artifacts if a.path.endswith(".html")}
    files = {e["path"] for e in manifest.entries}  # this build's files and those an earlier one left
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
            if resolved.startswith("../"):
                continue  # out of the output folder: the coverage page's links to the project's sources
            if resolved not in files:
                problems.append(warning(f"build/{path}", None, "broken-link", f"{target} does not exist"))
            elif parts.fragment and resolved in ids and parts.fragment not in ids[resolved]:
                problems.append(warning(f"build/{path}", None, "broken-anchor",
                                        f"{target}: {resolved} has no element with id '{parts.fragment}'"))
    return problems
