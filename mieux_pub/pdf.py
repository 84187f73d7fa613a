"""WeasyPrint: the only module that runs it. Renders the assembled book's print HTML to PDF."""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import mimetypes
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.formatting_structure.boxes import BlockBox, LineBox, TextBox
from weasyprint.layout import block as block_layout
from weasyprint.pdf import metadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .diagnostics import Diagnostic, Severity
from .fonts import FONTS, font_file, missing_glyphs, script, with_stacks
from .formats import Artifact, Context, Format, by_name
from .render import read_template
from .resources import CONTENT_DIR

FACES = (("Regular", 400, "normal"), ("It", 400, "italic"), ("Semibold", 600, "normal"),
         ("SemiboldIt", 600, "italic"), ("Bold", 700, "normal"), ("BoldIt", 700, "italic"))
ATTEMPTS = 2  # layouts at most: the second only for a book the first leaves with a note astray or a run of hyphens
HYPHENS_IN_A_ROW = 2   # the most hyphenated lines a block may have one after the other


@dataclass(frozen=True)
class Job:
    """One PDF to render: its print HTML and stylesheet, where relative URLs start, and its names."""

    html: str
    css: str
    base_url: Path
    identifier: str
    where: str
    variant: str = "pdf/ua-1"
    images: dict = field(default_factory=dict)   # the file each image of the edition stands for: its bytes


# The two PDFs: to read (tagged for accessibility, PDF/UA-1), and to print (press.css: recto starts, bleed and
# crop marks; PDF/X-4, the PDF/X that keeps RGB colour and transparency, for a press to convert).
VARIANTS = {"pdf": ("pdf/ua-1", ("print.css",)), "print": ("pdf/x-4", ("print.css", "press.css"))}


def render(context: Context, output: Format) -> tuple[list[Artifact], list[Diagnostic]]:
    """The PDF of every edition, to read or to print (output: the pdf or the print format)."""
    books = context.books
    jobs = [pdf_job(book, context.envs[book.code], context.epoch, output.name) for book in books]
    artifacts, problems = [], []
    for book, job, (pdf, found) in zip(books, jobs, render_all(context.source.root, jobs)):
        artifacts.append(Artifact(job.where, pdf, book.code, output.name, book.inputs))
        problems += found
    return artifacts, problems


def pdf_job(book, env, epoch: int, name: str = "pdf") -> Job:
    """The print HTML of one language, rendered with its Jinja environment, ready for WeasyPrint."""
    root = book.source.root
    html = env.get_template("book.html").render(
        book=book, meta=book.meta, keywords=book.keywords, publication=book.source.publication,
        draft_percent=book.draft_percent(env), created=_w3c(epoch), others=book.other_languages(env))
    file = by_name(name).file_name(book.source.publication.id, book.code)
    variant, sheets = VARIANTS[name]
    locale = book.language.locale
    named = book.source.publication.fonts_for(book.code, script(locale))
    css = "\n".join(read_template(root, sheet) for sheet in sheets)
    css = with_digits(with_stacks(css, locale, named), book.language.numbering_system)
    images = {root / CONTENT_DIR / path: data for path, data in book.images.items()}
    return Job(html, css, root / CONTENT_DIR / "chapters", file.removesuffix(".pdf"), f"{book.code}/{file}", variant,
               images)


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
        pushed: set[str] = set()         # blocks that start on a new page
        unhyphenated: set[str] = set()   # blocks set without hyphenation
        fonts = font_css()
        options = {"pdf_variant": job.variant, "pdf_identifier": _identifier(job.identifier)}
        try:
            html = weasyprint.HTML(string=job.html, base_url=str(job.base_url) + "/", url_fetcher=fetcher)
            for _ in range(ATTEMPTS):
                # The layout keeps notes with their calls and hyphens few in a row (the changes to WeasyPrint below);
                # what it still gets wrong (a run across a page break, a note astray some other way) is fixed by a
                # second layout: the block that ends the page of a note astray starts the next page, a block with a
                # run of hyphens is set without hyphenation.
                fixes = "".join(f"{block} {{ break-before: page; }}\n" for block in sorted(pushed))
                fixes += "".join(f"{block} {{ hyphens: manual; }}\n" for block in sorted(unhyphenated))
                css = weasyprint.CSS(string=fonts + "\n" + job.css + "\n" + fixes, font_config=self.fonts,
                                     url_fetcher=fetcher, base_url=str(job.base_url) + "/")
                document = html.render(stylesheets=[css], font_config=self.fonts, cache=self.cache, **options)
                parents = _parents(document)
                astray, runs = displaced_footnotes(document), hyphen_runs(document, parents)
                enders = page_enders(document, set(astray.values()), parents)
                if enders <= pushed and runs <= unhyphenated:
                    break  # fixed, or cannot be fixed this way
                pushed |= enders
                unhyphenated |= runs
            # WeasyPrint gives a PDF/X a random document id (uuid4): derive it from the job instead, so that two
            # builds write the same bytes.
            metadata.uuid4 = lambda: uuid.UUID(bytes=hashlib.md5(job.identifier.encode()).digest())
            pdf = document.write_pdf(**options)
        finally:
            logger.removeHandler(collect)
        return pdf, _diagnostics(job.where, fetcher.refused, collect, astray)


def _lines_keep_their_notes(layout):
    """WeasyPrint's layout of a block's lines, changed so that a page's notes stay on the page of their call.

    To fit the lines that orphans ask for at the foot of a page, WeasyPrint moves the notes already on that page
    to the next one, away from their calls. A typesetter moves the block to the next page instead: here the notes
    are put back and the block is cancelled on this page, as when its first lines do not fit. One layout then
    gives what the typesetting asks for; the renderer still checks every note and lays out again if one strays.
    """
    @functools.wraps(layout)
    def lines(context, box, index, child, new_children, page_is_empty, *rest):
        before, reported = list(context.current_page_footnotes), list(context.reported_footnotes)
        result = layout(context, box, index, child, new_children, page_is_empty, *rest)
        abort, _stop, resume_at, position_y, new_footnotes, max_lines = result
        called = set() if abort else {getattr(leaf, "footnote", None) for line in new_children
                                      for leaf in line.descendants()}   # notes whose calls stay on this page
        moved = [note for note in context.reported_footnotes
                 if note not in reported and (note in before or note in called)]
        if not moved or page_is_empty:
            return result
        for note in moved:
            context.reported_footnotes.remove(note)
        context.current_page_footnotes[:] = [note for note in before + new_footnotes
                                             if note in context.current_page_footnotes or note in moved]
        context._update_footnote_area()
        return True, False, resume_at, position_y, new_footnotes, max_lines
    return lines


def _few_hyphens_in_a_row(lines):
    """WeasyPrint's line breaking of a block, changed so that at most HYPHENS_IN_A_ROW lines in a row end in a
    hyphenation (CSS's hyphenate-limit-lines, which WeasyPrint lacks): after that many, the next line is broken
    without hyphenating, the block's hyphens set to manual only while that line is laid out."""
    @functools.wraps(lines)
    def limited(context, box, *rest):
        broken, in_a_row = lines(context, box, *rest), 0
        styles = {id(leaf.style): leaf.style for leaf in _descendants(box) if isinstance(leaf, TextBox)}.values()
        while True:
            held = [(style, style["hyphens"]) for style in styles if in_a_row >= HYPHENS_IN_A_ROW]
            for style, _ in held:
                style["hyphens"] = "manual"
            try:
                item = next(broken, None)
            finally:
                for style, hyphens in held:
                    style["hyphens"] = hyphens
            if item is None:
                return
            yield item
            in_a_row = in_a_row + 1 if _hyphenated(item[0]) else 0
    return limited


def _hyphenated(line) -> bool:
    """Tell whether a laid-out line ends in the hyphen of a hyphenation."""
    texts = [leaf for leaf in _descendants(line) if isinstance(leaf, TextBox)]
    return bool(texts) and texts[-1].text.endswith(texts[-1].style["hyphenate_character"])


# Both change private functions of WeasyPrint 70, the version pyproject.toml allows.
block_layout._linebox_layout = _lines_keep_their_notes(block_layout._linebox_layout)
block_layout.iter_line_boxes = _few_hyphens_in_a_row(block_layout.iter_line_boxes)


def displaced_footnotes(document) -> dict[str, int]:
    """The ids of the footnotes laid out on another page than their call, and the page of their call."""
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
    return {note: calls[note] for note, page in notes.items() if note in calls and calls[note] != page}


def hyphen_runs(document, parents: dict) -> set[str]:
    """Selectors of the blocks with more than HYPHENS_IN_A_ROW lines in a row ending in a hyphenation's hyphen."""
    lines: dict = {}   # block element: whether each of its lines, in order, ends hyphenated
    for page in document.pages:
        for box in _descendants(page._page_box):
            if isinstance(box, LineBox) and box.element is not None:
                lines.setdefault(box.element, []).append(_hyphenated(box))
    return {_selector(element, parents) for element, ends in lines.items()
            if "1" * (HYPHENS_IN_A_ROW + 1) in "".join("1" if end else "0" for end in ends)}


def page_enders(document, pages: set[int], parents: dict) -> set[str]:
    """Selectors of the blocks whose lines end these pages (with the headings that introduce them)."""
    enders = set()
    for number in pages:
        lines = [box for box in _descendants(document.pages[number]._page_box) if isinstance(box, LineBox)
                 and box.element is not None and not any(a.get("class") == "footnote" for a in _ancestors(box.element, parents))]
        if lines:
            block = lines[-1].element
            while block.tag not in ("p", "li", "tr", "figure", "blockquote", "pre", "dt", "dd", "h2", "h3", "h4") \
                    and block in parents:
                block = parents[block]
            while (before := _previous(block, parents)) is not None and before.tag in ("h2", "h3", "h4"):
                block = before   # a heading goes with the block it introduces
            enders.add(_selector(block, parents))
    return enders


def _parents(document) -> dict:
    """Each element of the laid-out document's HTML and its parent (ElementTree has no getparent)."""
    root = document.pages[0]._page_box.children[0].element
    return {child: parent for parent in root.iter() for child in parent}


def _ancestors(element, parents):
    while element in parents:
        yield element
        element = parents[element]


def _previous(element, parents):
    siblings = list(parents[element]) if element in parents else []
    index = siblings.index(element) if element in siblings else 0
    return siblings[index - 1] if index > 0 else None


def _selector(element, parents) -> str:
    """A CSS selector for this one element of the document: its path of child positions from the root."""
    steps = []
    while element in parents:
        parent = parents[element]
        steps.append(f"{element.tag}:nth-child({list(parent).index(element) + 1})")
        element = parent
    return " > ".join([element.tag] + steps[::-1])


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
