"""The EPUB 3 of one language: pandoc makes it from the book's Markdown, then its package is completed."""

from __future__ import annotations

import datetime
import io
import re
import uuid
import zipfile
from pathlib import Path

from lxml import etree

from . import pandoc, tree
from .book import Book, box_asides
from .direction import lift_directions
from .diagnostics import Diagnostic, MieuxError, error
from .formats import Artifact, Context, Format
from .output import temporary
from .resources import embed_images, image_bytes
from .cover import draw_cover
from .render import plain, template_path

OPF_NS = "http://www.idpf.org/2007/opf"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
SVG_NS = "http://www.w3.org/2000/svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def render(context: Context, output: Format) -> tuple[list[Artifact], list[Diagnostic]]:
    """The EPUB of every edition."""
    artifacts = []
    for book in context.books:
        env = context.envs[book.code]
        data = render_epub(book, env, context.epoch)
        name = output.file_name(book.source.publication.id, book.code)
        artifacts.append(Artifact(f"{book.code}/{name}", data, book.code, output.name, book.inputs))
    return artifacts, []


def identifier(book: Book) -> str:
    """The ISBN of this language's edition or, without one, a UUID stable for publication and language."""
    if book.language.isbn:
        return "urn:isbn:" + book.language.isbn.replace("-", "")
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{book.source.publication.id}/{book.code}"))


def metadata(book: Book, toc_title: str, draft_notice: str = "") -> dict:
    """pandoc's metadata of the book; a draft's description starts with its draft notice, which reading
    systems show in the book's details."""
    meta = book.meta
    data = {
        "title": meta["title"].value,
        "lang": book.code,
        "identifier": [{"text": identifier(book)}],
        "publisher": meta["publisher"].value,
        "creator": [{"role": "author", "text": (meta["author"] or meta["publisher"]).value}],
        "date": book.source.publication.date.isoformat(),
        "description": " ".join(filter(None, [draft_notice, meta["description"].value])),
        "subject": [k.value for k in book.keywords],
        "toc-title": toc_title,
        "dir": book.direction,
        "page-progression-direction": book.direction,
    }
    if meta["subtitle"]:
        data["subtitle"] = meta["subtitle"].value
    if meta["license"]:
        data["rights"] = meta["license"].value
    return data


def render_epub(book: Book, env, epoch: int) -> bytes:
    """Make the EPUB with the book's Jinja environment; images reach pandoc from the resolver, embedded."""
    root = book.source.root
    colophon = env.get_template("colophon.html").module
    notices = env.get_template("notices.html").module
    meta, publication, draft = book.meta, book.source.publication, book.draft_percent(env)
    colophon_attr = tree.attr("colophon", ["unlisted"], [("epub:type", "colophon"), ("role", "doc-colophon")])
    front = [tree.element("Header", [1, colophon_attr, [tree.text(plain(colophon.title()))]]),
             tree.element("RawBlock", ["html", str(colophon.colophon(book, meta, publication,
                                                                      book.other_languages(env), draft))])]
    words = env.get_template("floats.html").module
    for kind in publication.lists:
        front += float_list(book, kind, words)
    title_page = str(colophon.title_page(book, meta, publication, draft))
    cover = draw_cover(meta["title"].value, meta["subtitle"].value if meta["subtitle"] else "",
                       meta["publisher"].value, env.filters["date"](publication.date), book.code,
                       image_bytes(root, publication.cover) if publication.cover else None,
                       tuple(image_bytes(root, partner.path) for partner in book.partners))
    doc = embed_images(book.document(front), book.images)
    doc["blocks"] = _figure_anchors(doc["blocks"])
    notice = plain(notices.draft(draft)) if draft else ""
    doc["meta"] = {k: tree.meta(v) for k, v in metadata(book, plain(colophon.contents_title()), notice).items()}
    with temporary("epub") as tmp:
        cover_path = Path(tmp) / "cover.png"
        cover_path.write_bytes(cover)
        args = ("--css", str(template_path(root, "epub.css")), "--epub-cover-image", str(cover_path),
                "--split-level=1", "--toc", "--toc-depth=2")
        data = pandoc.write(doc, "epub3", f"the {book.code} EPUB", args, epoch)
    landmarks = {"cover": plain(colophon.cover_title()), "titlepage": plain(colophon.title_page_title()),
                 "toc": plain(colophon.contents_title())}
    parts = {page.stem: tuple(c.stem for c in book.pages if c.entry.part == page.stem)
             for page in book.pages if page.entry.is_part}
    # The cover's text alternative: the title, then the partners whose marks it shows.
    cover_text = (meta["title"].value, env.filters["listing"]([partner.name.value for partner in book.partners]))
    return complete(data, epoch, plain(notices.accessibility_summary()).strip(), f"the {book.code} EPUB",
                    book.direction, landmarks, title_page, parts, cover_text)


def float_list(book: Book, kind: str, words) -> list:
    """A list of the book's figures or tables, each linked to its place: a page of its own, after the colophon."""
    items = []
    for page in book.pages:
        for listed in (f for f in page.floats if f.kind == kind):
            caption = [tree.text(listed.text)]
            inlines = [tree.span([tree.text(listed.label)], classes=["float-label"]), tree.element("Space"),
                       tree.span(caption, pairs=[("lang", listed.lang)]) if listed.lang else caption[0]]
            items.append([tree.element("Plain", [tree.element("Link", [tree.attr(), inlines, ["#" + listed.id, ""]])])])
    return [tree.element("Header", [1, tree.attr(f"list-of-{kind}s"), [tree.text(plain(words.list_title(kind)))]]),
            tree.div([tree.element("BulletList", items)], classes=["list-of"])]


def _figure_anchors(value):
    """pandoc's EPUB writer points a link at the file that holds its target when the target is a heading, a div, a
    table or a span, not a figure: a figure's id goes to a div around it."""
    if isinstance(value, list):
        return [_figure_anchors(item) for item in value]
    if isinstance(value, dict) and value.get("t") == "Figure" and value["c"][0][0]:
        identifier, value["c"][0][0] = value["c"][0][0], ""
        return tree.div([value], identifier)
    if isinstance(value, dict) and "c" in value and value["t"] not in tree.OPAQUE:
        value["c"] = _figure_anchors(value["c"])
    return value


def complete(data: bytes, epoch: int, summary: str, what: str = "the EPUB", direction: str = "ltr",
             landmarks: dict[str, str] | None = None, title_page: str = "",
             parts: dict[str, tuple[str, ...]] | None = None, cover_text: tuple[str, str] = ("", "")) -> bytes:
    """Add what pandoc leaves out: accessibility metadata, xml:lang beside lang, footnote back links, superscript
    note calls, landmarks in the book's language (`landmarks`: the label of each epub:type), our title page
    (`title_page`: its XHTML, in place of pandoc's), and contents where each part holds its chapters
    (`parts`: the stems of each part's chapters), and the cover's text alternative (`cover_text`: a title and a
    description).

    The archive is written again with fixed dates, so the same input always gives the same bytes.
    """
    stamp = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith(".opf"):
                content = _package(content, summary, landmarks or {})
            elif info.filename.endswith(".ncx"):
                content = _ncx(content, parts or {})
            elif info.filename.endswith(".xhtml"):
                try:
                    content = _document(content, direction, landmarks or {}, title_page, parts or {}, cover_text)
                except etree.XMLSyntaxError as exc:
                    raise MieuxError([error(what, None, "epub-xhtml",
                                            f"{info.filename} is not well-formed XHTML ({exc}): raw HTML in a chapter "
                                            "must be written as XHTML (<br/>, closed tags) or in Markdown")]) from None
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _describe(picture, title: str, description: str) -> None:
    """Make the cover's picture (pandoc's svg around the cover image) an image with a title and a description."""
    picture.set("role", "img")
    for tag, text in (("desc", description), ("title", title)):   # each goes first: the title, then the description
        if text:
            element = etree.Element(f"{{{SVG_NS}}}{tag}")
            element.text = text
            picture.insert(0, element)


def _package(content: bytes, summary: str, landmarks: dict[str, str]) -> bytes:
    tree = etree.fromstring(content)
    for reference in tree.iterfind(f"{{{OPF_NS}}}guide/{{{OPF_NS}}}reference"):   # EPUB 2's landmarks
        reference.set("title", landmarks.get(reference.get("type"), reference.get("title")))
    metadata = tree.find(f"{{{OPF_NS}}}metadata")
    present = {(m.get("property"), m.text) for m in metadata.iterfind(f"{{{OPF_NS}}}meta")}
    wanted = [("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
              ("schema:accessModeSufficient", "textual"), ("schema:accessibilityFeature", "alternativeText"),
              ("schema:accessibilityFeature", "readingOrder"), ("schema:accessibilityFeature", "structuralNavigation"),
              ("schema:accessibilityFeature", "tableOfContents"), ("schema:accessibilityHazard", "none"),
              ("schema:accessibilitySummary", summary), ("dcterms:conformsTo", CONFORMS_TO)]
    for prop, value in wanted:
        if (prop, value) not in present:
            meta = etree.SubElement(metadata, f"{{{OPF_NS}}}meta", property=prop)
            meta.text = value
            meta.tail = "\n    "
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _document(content: bytes, direction: str = "ltr", landmarks: dict[str, str] | None = None,
              title_page: str = "", parts: dict[str, tuple[str, ...]] | None = None,
              cover_text: tuple[str, str] = ("", "")) -> bytes:
    tree = etree.fromstring(content)
    title, heading = tree.find(f"{{{XHTML_NS}}}head/{{{XHTML_NS}}}title"), next(tree.iter(f"{{{XHTML_NS}}}h1"), None)
    if title is not None and heading is not None and (title.text or "").endswith(".xhtml"):
        title.text = " ".join("".join(heading.itertext()).split())   # pandoc titles a chapter's file with its name
    if title_page:
        for section in tree.iterfind(f".//{{{XHTML_NS}}}section[@{{{EPUB_NS}}}type='titlepage']"):
            section[:] = etree.fromstring(f'<section xmlns="{XHTML_NS}">{title_page}</section>')[:]
    for contents in tree.iterfind(f".//{{{XHTML_NS}}}nav[@{{{EPUB_NS}}}type='toc']/{{{XHTML_NS}}}ol"):
        _nest(contents, parts or {}, f"{{{XHTML_NS}}}li", lambda item: _target(item, f"{{{XHTML_NS}}}a", "href"), _sublist)
    tree.set("dir", tree.get("dir") or direction)   # pandoc leaves it off the navigation and the cover
    lift_directions(tree)
    box_asides(tree, f"{{{XHTML_NS}}}")
    if tree.get("dir") == "rtl":   # code reads left to right; EPUB style sheets may not say so with `direction`
        for code in tree.iter(f"{{{XHTML_NS}}}code", f"{{{XHTML_NS}}}pre"):
            code.set("dir", code.get("dir") or "ltr")
    for element in tree.iter():
        if isinstance(element.tag, str) and element.get("lang") and element.get(XML_LANG) is None:
            element.set(XML_LANG, element.get("lang"))
    for note in tree.iterfind(f".//{{{XHTML_NS}}}aside[@{{{EPUB_NS}}}type='footnote']"):
        paragraphs = note.findall(f"{{{XHTML_NS}}}p")
        if paragraphs and re.fullmatch(r"fn\d+", note.get("id", "")):
            back = etree.SubElement(paragraphs[-1], f"{{{XHTML_NS}}}a", href=f"#fnref{note.get('id')[2:]}",
                                    role="doc-backlink")
            back.text = "↩"
    for call in tree.iterfind(f".//{{{XHTML_NS}}}a[@{{{EPUB_NS}}}type='noteref']"):
        if len(call) == 0:   # pandoc's EPUB writer leaves the number on the line, unlike its HTML writer
            sup = etree.SubElement(call, f"{{{XHTML_NS}}}sup")
            sup.text, call.text = call.text, None
    for link in tree.iterfind(f".//{{{XHTML_NS}}}nav[@{{{EPUB_NS}}}type='landmarks']//{{{XHTML_NS}}}a"):
        link.text = (landmarks or {}).get(link.get(f"{{{EPUB_NS}}}type"), link.text)
    for picture in tree.iterfind(f"{{{XHTML_NS}}}body[@id='cover']//{{{SVG_NS}}}svg"):
        _describe(picture, *cover_text)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")


NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"


def _ncx(content: bytes, parts: dict[str, tuple[str, ...]]) -> bytes:
    """EPUB 2's contents, each part holding its chapters, as in the navigation document."""
    tree = etree.fromstring(content)
    point = f"{{{NCX_NS}}}navPoint"
    for nav_map in tree.iterfind(f"{{{NCX_NS}}}navMap"):
        _nest(nav_map, parts, point, lambda item: _target(item, f"{{{NCX_NS}}}content", "src"))
    depth = max((len(list(p.iterancestors(point))) + 1 for p in tree.iter(point)), default=1)
    for meta in tree.iterfind(f"{{{NCX_NS}}}head/{{{NCX_NS}}}meta[@name='dtb:depth']"):
        meta.set("content", str(depth))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _nest(entries, parts: dict[str, tuple[str, ...]], entry: str, target, holder=lambda item: item) -> None:
    """Move the entries of each part's chapters into what `holder` gives of the part's entry (its own list, in the
    navigation document), after what it already holds. `target` tells where an entry leads."""
    items = {target(item).rpartition("#")[2]: item for item in entries if item.tag == entry}
    for part, chapters in parts.items():
        if part in items:
            inner = holder(items[part])
            inner.extend(items[chapter] for chapter in chapters if chapter in items)


def _sublist(item):
    """The list of entries under an entry of the navigation document, made if it has none."""
    found = item.find(f"{{{XHTML_NS}}}ol")
    return found if found is not None else etree.SubElement(item, f"{{{XHTML_NS}}}ol", {"class": "toc"})


def _target(item, link: str, attribute: str) -> str:
    found = item.find(link)
    return found.get(attribute, "") if found is not None else ""
