"""pandoc, from the pypandoc-binary wheel: the only module that runs it."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path

import pypandoc

from .diagnostics import MieuxError, error

READER = "commonmark_x+implicit_figures"


@cache
def executable() -> str:
    """The pandoc binary inside the pypandoc-binary wheel."""
    return pypandoc.get_pandoc_path()


def run(args: list[str], text: str, what: str, cwd: Path | None = None, epoch: int | None = None) -> bytes:
    """Run pandoc on text; a failure names what was being converted and carries pandoc's message."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    result = subprocess.run([executable(), *args], input=text.encode("utf-8"), capture_output=True,
                            cwd=cwd, env=env, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        raise MieuxError([error(what, None, "pandoc", f"pandoc failed: {message}")])
    return result.stdout


def to_html(markdown: str, what: str) -> str:
    """Convert Markdown to an HTML5 fragment."""
    return run(["-f", READER, "-t", "html5", "--wrap=none", "--email-obfuscation=none"], markdown, what).decode()


def to_epub(markdown: str, what: str, *, metadata: Path, css: Path, cover: Path | None, resources: Path,
            epoch: int) -> bytes:
    """Convert Markdown to EPUB 3, reading images from the resource path only."""
    args = ["-f", READER, "-t", "epub3", "-o", "-", "--metadata-file", str(metadata), "--css", str(css),
            "--resource-path", str(resources), "--split-level=1", "--toc", "--toc-depth=2"]
    if cover is not None:
        args += ["--epub-cover-image", str(cover)]
    return run(args, markdown, what, cwd=resources, epoch=epoch)
