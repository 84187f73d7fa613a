"""DOCX, for proofreaders and publishers' offices that review in Word: pandoc with the package's reference document."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from . import pandoc
from .diagnostics import Diagnostic
from .formats import Artifact, Context, by_name
from .render import template_path
from .resources import embed_images


def render(context: Context) -> tuple[list[Artifact], list[Diagnostic]]:
    """The DOCX of every edition: title, headings, notes, tables, figures with alt text, the language set."""
    output = by_name("docx")
    reference = template_path(context.source.root, "reference.docx")
    artifacts = []
    for book in context.books:
        meta = book.meta
        data = {"title": meta["title"].value, "lang": book.code, "date": context.envs[book.code].filters["date"](
            book.source.publication.date), "author": [(meta["author"] or meta["publisher"]).value]}
        if meta["subtitle"]:
            data["subtitle"] = meta["subtitle"].value
        with tempfile.TemporaryDirectory() as tmp:
            metadata = Path(tmp) / "metadata.yaml"
            metadata.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
            docx = pandoc.write(embed_images(book.document(), context.source.root), "docx", f"the {book.code} DOCX",
                                ("--reference-doc", str(reference), "--metadata-file", str(metadata)), context.epoch)
        name = output.file_name(book.source.publication.id, book.code)
        artifacts.append(Artifact(f"{book.code}/{name}", docx, book.code, output.name, book.inputs))
    return artifacts, []
