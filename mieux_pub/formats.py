"""The output formats: each is one module with render(context), registered here with what it declares.

The registry is data, so that naming the formats (for --format, or the landing page's
downloads) never imports a renderer: WeasyPrint alone takes a second to import.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Format:
    name: str            # as --format names it
    label: str           # as readers see it on the landing page
    media_type: str
    download: bool       # one file per language, offered on the landing page
    module: str          # the module whose render(context, format) makes its artifacts
    ending: str = ""     # of its file's name, when not "." and its name

    def render(self, context: "Context"):
        return importlib.import_module(self.module, __package__).render(context, self)

    def file_name(self, publication_id: str, code: str) -> str:
        """The downloadable file of a language: creer-des-liens-fr.pdf, creer-des-liens-fr-print.pdf."""
        return f"{publication_id}-{code}{self.ending or '.' + self.name}"


FORMATS = (
    Format("html", "HTML", "text/html", False, ".site"),
    Format("pdf", "PDF", "application/pdf", True, ".pdf"),
    Format("print", "PDF for print", "application/pdf", True, ".pdf", "-print.pdf"),
    Format("epub", "EPUB", "application/epub+zip", True, ".epub"),
    Format("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True, ".docx"),
)
NAMES = tuple(f.name for f in FORMATS)
DOWNLOADS = tuple(f for f in FORMATS if f.download)


def by_name(name: str) -> Format:
    return next(f for f in FORMATS if f.name == name)


@dataclass(frozen=True)
class Artifact:
    """One output file, in memory until the build writes it, with what it was made from."""

    path: str                       # relative to the output folder
    data: bytes
    language: str | None = None
    format: str | None = None
    inputs: tuple[str, ...] = ()    # the project files it depends on, relative to the project

    @cached_property
    def entry(self) -> dict:
        """Its line in the manifest (hashed once, however often the manifest is merged)."""
        return {"path": self.path, "language": self.language, "format": self.format, "size": len(self.data),
                "sha256": hashlib.sha256(self.data).hexdigest(), "inputs": list(self.inputs)}


@dataclass(frozen=True)
class Manifest:
    """What a build wrote: every artifact with its language, format, size and hash (build/manifest.json)."""

    entries: tuple[dict, ...] = ()

    @classmethod
    def read(cls, out: Path) -> "Manifest":
        """The manifest an earlier build left, or an empty one (a missing or unreadable file owns nothing)."""
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            return cls(tuple(e for e in data["artifacts"] if isinstance(e, dict) and isinstance(e.get("path"), str)))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def merged(self, artifacts: list[Artifact], owned=frozenset()) -> "Manifest":
        """This manifest updated by a build's artifacts; the entries of the build's own (language, format)
        pairs that it did not make again are dropped."""
        made = {a.path: a.entry for a in artifacts}
        kept = {e["path"]: e for e in self.entries
                if e["path"] not in made and (e.get("language"), e.get("format")) not in owned}
        return Manifest(tuple(sorted({**kept, **made}.values(), key=lambda e: e["path"])))

    def as_artifact(self) -> Artifact:
        data = {"generator": "mieux-pub", "artifacts": list(self.entries)}
        return Artifact(MANIFEST, (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())

    def find(self, language: str, format: str) -> dict | None:
        return next((e for e in self.entries if e.get("language") == language and e.get("format") == format), None)

    def languages(self, format: str) -> set[str]:
        return {e["language"] for e in self.entries if e.get("format") == format and e.get("language")}


@dataclass(frozen=True)
class Context:
    """What a renderer renders from: the editions, their Jinja environments and what the build knows."""

    books: tuple
    envs: dict
    epoch: int
    out: Path
    manifest: Manifest = field(default_factory=Manifest)  # the earlier build's, updated by this one so far

    @property
    def source(self):
        return self.books[0].source
