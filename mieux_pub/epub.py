"""The EPUB 3 of one language, made by pandoc from the book's Markdown."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import yaml

from . import pandoc
from .book import Book
from .render import PACKAGE_TEMPLATES


def identifier(book: Book) -> dict:
    """The ISBN of this language's edition or, without one, a UUID stable for publication and language."""
    if book.language.isbn:
        return {"scheme": "ISBN-13", "text": "urn:isbn:" + book.language.isbn.replace("-", "")}
    name = f"{book.source.publication.id}/{book.code}"
    return {"scheme": "UUID", "text": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, name))}


def metadata(book: Book, date: str) -> dict:
    meta = book.meta
    data = {
        "title": meta["title"].value,
        "lang": book.code,
        "identifier": [identifier(book)],
        "publisher": meta["publisher"].value,
        "creator": [{"role": "author", "text": (meta["author"] or meta["publisher"]).value}],
        "date": date,
        "description": meta["description"].value,
        "subject": [k.value for k in book.keywords],
    }
    if meta["subtitle"]:
        data["subtitle"] = meta["subtitle"].value
    if meta["license"]:
        data["rights"] = meta["license"].value
    return data


def render_epub(book: Book, css_path: Path, epoch: int, notice: str | None = None) -> bytes:
    """Make the EPUB; pandoc reads images from the chapters' folder only. A notice opens the book."""
    root = book.source.root
    markdown = book.markdown()
    if notice:
        markdown = f"::: {{.draft-notice}}\n{notice}\n:::\n\n" + markdown
    with tempfile.TemporaryDirectory() as tmp:
        meta_path = Path(tmp) / "metadata.yaml"
        meta_path.write_text(yaml.safe_dump(metadata(book, book.source.publication.date.isoformat()),
                                            allow_unicode=True, sort_keys=True), encoding="utf-8")
        return pandoc.to_epub(markdown, f"the {book.code} EPUB", metadata=meta_path, css=css_path,
                              cover=None, resources=root / "content" / "chapters", epoch=epoch)


def stylesheet(root: Path) -> Path:
    """The project's epub.css if it has one, else the default."""
    own = root / "templates" / "epub.css"
    return own if own.is_file() else PACKAGE_TEMPLATES / "epub.css"
