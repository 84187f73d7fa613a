"""WeasyPrint: the only module that runs it. Renders the assembled book's print HTML to PDF."""

from __future__ import annotations

import datetime
import hashlib
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.formatting_structure.boxes import BlockBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .diagnostics import Diagnostic, Severity
from .fonts import FONTS, font_file, missing_glyphs, script, with_stacks
from .formats import Artifact, Context, by_name
from .render import read_template
from .resources import CONTENT_DIR

FACES = (("Regular", 400, "normal"), ("It", 400, "italic"), ("Semibold", 600, "normal"),
         ("SemiboldIt", 600, "italic"), ("Bold", 700, "normal"), ("BoldIt", 700, "italic"))
ATTEMPTS = 2  # renders at most: one more only for a book with a footnote away from its call


@dataclass(frozen=True)
class Job:
    """One PDF to render: its print HTML and stylesheet, where relative URLs start, and its names."""

    html: str
    css: str
    base_url: Path
    identifier: str
    where: str
    images: dict = field(default_factory=dict)   # the file each image of the edition stands for: its bytes


def render(context: Context) -> tuple[list[Artifact], list[Diagnostic]]:
    """The PDF of every edition."""
    books = context.books
    output = by_name("pdf")
    jobs = [pdf_job(book, context.envs[book.code], context.epoch) for book in books]
    artifacts, problems = [], []
    for book, job, (pdf, found) in zip(books, jobs, render_all(context.source.root, jobs)):
        artifacts.append(Artifact(job.where, pdf, book.code, output.name, book.inputs))
        problems += found
    return artifacts, problems


def pdf_job(book, env, epoch: int) -> Job:
    """The print HTML of one language, rendered with its Jinja environment, ready for WeasyPrint."""
    root = book.source.root
    html = env.get_template("book.html").render(
        book=book, meta=book.meta, keywords=book.keywords, publication=book.source.publication,
        draft_percent=book.draft_percent(env), created=_w3c(epoch), others=book.other_languages(env))
    name = by_name("pdf").file_name(book.source.publication.id, book.code)
    locale = book.language.locale
    named = book.source.publication.fonts_for(book.code, script(locale))
    css = with_digits(with_stacks(read_template(root, "print.css"), locale, named), book.language.numbering_system)
    images = {root / CONTENT_DIR / path: data for path, data in book.images.items()}
    return Job(html, css, root / CONTENT_DIR / "chapters", name.removesuffix(".pdf"), f"{book.code}/{name}", images)


# CLDR's numbering systems that CSS has a counter style for (WeasyPrint knows these, and no style of an author's).
COUNTER_STYLES = {"arab": "arabic-indic", "arabext": "persian", "beng": "bengali", "deva": "devanagari",
                  "gujr": "gujarati", "guru": "gurmukhi", "khmr": "cambodian", "knda": "kannada", "laoo": "lao",
                  "mlym": "malayalam", "mong": "mongolian", "mymr": "myanmar", "orya": "oriya", "tamldec": "tamil",
                  "telu": "telugu", "thai": "thai", "tibt": "tibetan"}


def with_digits(css: str, numbers: str) -> str:
    """The print stylesheet with its page and note numbers in the edition's digits (Persian in fa), as its text."""
    style = COUNTER_STYLES.get(numbers)
    if style is None:
        return css
    return re.sub(r"\b((?:target-)?counter\((?:attr\([^)]*\), )?(?:page|footnote))\)", rf"\1, {style})", css)


def _w3c(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def font_css() -> str:
    """@font-face rules for the fonts that ship with mieux-pub's dependencies."""
    rules = []
    for family in FONTS:
        for face, weight, style in FACES:
            path = font_file(family, face)
            if path.is_file():
                rules.append(f'@font-face {{ font-family: "{family[0]}"; src: url("{path.as_uri()}"); '
                             f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


class ProjectFetcher(URLFetcher):
    """Serve files from inside the allowed folders only; refuse the network and the rest of the disk."""

    def __init__(self, allowed: tuple[Path, ...], images: dict[Path, bytes] | None = None):
        super().__init__()
        self.allowed = tuple(p.resolve() for p in allowed)
        self.images = {path.resolve(): data for path, data in (images or {}).items()}  # the edition's, made for it
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path in self.images:
                return URLFetcherResponse(url, self.images[path], {"Content-Type": mimetypes.guess_type(path.name)[0]})
            if path is None or not any(path.is_relative_to(a) for a in self.allowed):
                self.refused.append(url)
                raise ValueError(f"{url} is outside the project")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.missing: list[str] = []   # each character drawn as .notdef

    def emit(self, record):
        if str(record.msg).startswith(".notdef"):   # WeasyPrint warns once per character: one diagnostic says it all
            self.missing.extend(str(record.args[0]) if record.args else "\ufffd")
        else:
            self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Renderer:
    """What the PDFs rendered in one process share: the fonts and the cache of decoded images."""

    root: Path
    fonts: FontConfiguration = field(default_factory=FontConfiguration)
    cache: dict = field(default_factory=dict)

    def render(self, job: Job) -> tuple[bytes, list[Diagnostic]]:
        """Render print HTML to PDF/UA-1 bytes; resource, glyph and footnote problems come back as diagnostics."""
        fetcher = ProjectFetcher((self.root, Path(__file__).parent, *(d for _, d, _ in FONTS)), job.images)
        collect = _Collect()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collect)
        moved: set[str] = set()   # notes whose calling block starts a new page
        fonts = font_css()
        options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": _identifier(job.identifier)}
        try:
            html = weasyprint.HTML(string=job.html, base_url=str(job.base_url) + "/", url_fetcher=fetcher)
            for _ in range(ATTEMPTS):
                # A footnote that does not fit beside its call is put on a later page by WeasyPrint;
                # a typesetter moves the calling block to the next page instead.
                keep = "".join(f'[data-notes~="{note}"] {{ break-before: page; }}\n' for note in sorted(moved))
                css = weasyprint.CSS(string=fonts + "\n" + job.css + "\n" + keep, font_config=self.fonts,
                                     url_fetcher=fetcher, base_url=str(job.base_url) + "/")
                document = html.render(stylesheets=[css], font_config=self.fonts, cache=self.cache, **options)
                astray = displaced_footnotes(document)
                if not astray - moved:
                    break  # moving blocks fixed every note, or cannot fix those left
                moved |= astray
            pdf = document.write_pdf(**options)
        finally:
            logger.removeHandler(collect)
        return pdf, _diagnostics(job.where, fetcher.refused, collect, astray)


def displaced_footnotes(document) -> set[str]:
    """The ids of the footnotes laid out on another page than their call."""
    calls, notes = {}, {}
    for number, page in enumerate(document.pages):
        for box in _descendants(page._page_box):  # WeasyPrint has no public API for the laid-out boxes
            element = getattr(box, "element", None)
            note = element.get("id", "") if element is not None else ""
            if not note.startswith("note-"):
                continue
            if box.element_tag.endswith("::footnote-call"):
                calls.setdefault(note, number)
            elif isinstance(box, BlockBox) and box.element_tag == "span":
                notes.setdefault(note, number)
    return {note for note, page in notes.items() if calls.get(note) != page}


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)


def _diagnostics(where: str, refused, collect: _Collect, astray) -> list[Diagnostic]:
    problems = [Diagnostic(where, None, "pdf-resource", f"refused to load {url}: only files of the project are used",
                           Severity.WARNING) for url in refused]
    for message in collect.messages:
        if not any(url in message for url in refused):
            problems.append(Diagnostic(where, None, "pdf", message, Severity.WARNING))
    if glyphs := missing_glyphs(collect.missing):
        problems.append(Diagnostic(where, None, "missing-glyph", glyphs, Severity.WARNING))
    problems += [Diagnostic(where, None, "footnote-page", f"footnote {note} is not on the page of its call",
                            Severity.WARNING) for note in sorted(astray)]
    return problems


def _identifier(text: str) -> bytes:
    return hashlib.md5(text.encode("utf-8")).hexdigest().encode("ascii")


def render_all(root: Path, jobs: list[Job]) -> list[tuple[bytes, list[Diagnostic]]]:
    """Render the PDFs, one after the other (the build runs each language's in a process of its own)."""
    renderer = Renderer(root.resolve())
    return [renderer.render(job) for job in jobs]
