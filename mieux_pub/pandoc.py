"""pandoc, from the pypandoc-binary wheel: the only module that runs it.

It reads Markdown into documents (many texts in one process, each a document of its own)
and writes documents to HTML, EPUB and DOCX. Writers run with --sandbox: pandoc reads
no file and no URL on its own; every resource reaches it from mieux-pub's resolver.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypandoc

from .diagnostics import MieuxError, error

# Heading ids are mieux-pub's (from the source language), not pandoc's.
READER = "commonmark_x-gfm_auto_identifiers-implicit_header_references"
READ_SCRIPT = Path(__file__).parent / "lua" / "read.lua"


@cache
def executable() -> str:
    """The pandoc binary inside the pypandoc-binary wheel."""
    return pypandoc.get_pandoc_path()


def run(args: list[str], data: bytes, what: str, epoch: int | None = None, cwd: Path | None = None) -> bytes:
    """Run pandoc; a failure names what was being converted and carries pandoc's message."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        result = subprocess.run([executable(), *args], input=data, capture_output=True, env=env, cwd=cwd,
                                check=False)
    except OSError as exc:
        raise MieuxError([error(what, None, "pandoc", f"cannot run pandoc: {exc}")]) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        raise MieuxError([error(what, None, "pandoc", f"pandoc failed: {message}")])
    return result.stdout


@dataclass(frozen=True)
class Unreadable:
    """A text pandoc could not read, or that nests blocks deeper than allowed ('too-deep')."""

    message: str
    line: int | None = None


def read(texts: list[str], what: str, sourcepos: bool = False, max_depth: int = 48) -> list[dict | Unreadable]:
    """Read each Markdown text as a document of its own."""
    if not texts:
        return []
    reader = READER + ("+sourcepos" if sourcepos else "")
    data = json.dumps(texts, ensure_ascii=False).encode("utf-8")
    out = run(["lua", str(READ_SCRIPT), reader, str(max_depth)], data, what)
    return [Unreadable(doc["error"], doc.get("line")) if "error" in doc else doc for doc in json.loads(out)]


def write(doc: dict, to: str, what: str, args: tuple[str, ...] = (), epoch: int | None = None) -> bytes:
    """Write a document (pandoc's JSON) in a format, reading no file but those named in args.

    The document's images must already be data: URIs (see resources.embed_images). pandoc's
    --sandbox also refuses the stylesheet and cover that EPUB needs, so EPUB runs in an empty
    folder with an empty resource path instead: there is nothing else for it to find.
    """
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if to.startswith("epub"):
        with tempfile.TemporaryDirectory() as empty:
            return run(["-f", "json", "-t", to, "-o", "-", f"--resource-path={empty}", *args], data, what, epoch,
                       cwd=Path(empty))
    return run(["--sandbox", "-f", "json", "-t", to, "-o", "-", *args], data, what, epoch)


def to_html(doc: dict, what: str) -> str:
    """Write an HTML5 fragment."""
    return write(doc, "html5", what, ("--wrap=none", "--email-obfuscation=none")).decode("utf-8")
