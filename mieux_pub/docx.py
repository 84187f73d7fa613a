"""DOCX, for proofreaders and publishers' offices that review in Word: pandoc with the package's reference document."""

from __future__ import annotations

import zipfile

from . import pandoc, tree
from .diagnostics import Diagnostic, MieuxError, error
from .formats import Artifact, Context, Format
from .render import template_path
from .resources import embed_images


def render(context: Context, output: Format) -> tuple[list[Artifact], list[Diagnostic]]:
    """The DOCX of every edition: title, headings, notes, tables, figures with alt text, the language set."""
    reference = template_path(context.source.root, "reference.docx")
    if not zipfile.is_zipfile(reference):
        raise MieuxError([error("templates/reference.docx", None, "bad-reference",
                                "not a Word document: save it from Word or LibreOffice as .docx, or remove it to use "
                                "mieux-pub's own")])
    artifacts = []
    for book in context.books:
        meta = book.meta
        # No 'date': pandoc would stamp a date it cannot parse as 1970; SOURCE_DATE_EPOCH dates the file instead.
        data = {"title": meta["title"].value, "lang": book.code, "author": [(meta["author"] or meta["publisher"]).value]}
        if meta["subtitle"]:
            data["subtitle"] = meta["subtitle"].value
        doc = _alt_text(embed_images(book.document(), book.images))
        doc["meta"] = {k: tree.meta(v) for k, v in data.items()}
        docx = pandoc.write(doc, "docx", f"the {book.code} DOCX", ("--reference-doc", str(reference)), context.epoch)
        name = output.file_name(book.source.publication.id, book.code)
        artifacts.append(Artifact(f"{book.code}/{name}", docx, book.code, output.name, book.inputs))
    return artifacts, []


def _alt_text(doc: dict) -> dict:
    """Word takes an image's description from its inlines, not from its alt attribute: put the alt text there."""
    for node in tree.walk(doc["blocks"]):
        if node["t"] == "Image" and (alt := tree.get(node["c"][0], "alt")):
            node["c"][1] = [tree.text(alt)]
    return doc
