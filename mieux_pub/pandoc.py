"""pandoc, from the pypandoc-binary wheel: the only module that runs it.

It reads Markdown into documents (many texts in one process, each a document of its own)
and writes documents to HTML, EPUB and DOCX. Writers run with --sandbox: pandoc reads
no file and no URL on its own; every resource reaches it from mieux-pub's resolver.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypandoc

from .diagnostics import MieuxError, error
from .output import die_with_parent, temporary

# Heading ids are mieux-pub's (from the source language), not pandoc's.
READER = "commonmark_x-gfm_auto_identifiers-implicit_header_references"
READ_SCRIPT = Path(__file__).parent / "lua" / "read.lua"
# A backstop: whatever it is given, pandoc may not take more memory than this.
MEMORY = ["+RTS", "-M1536m", "-RTS"]
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:(.*)$")
FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
CODE_SPAN = re.compile(r"`+[^`]*`+")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@cache
def executable() -> str:
    """The pandoc binary inside the pypandoc-binary wheel (found without running it: pypandoc's own search runs
    'pandoc --version' and logs a traceback when that fails)."""
    bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
    return str(bundled) if bundled.is_file() else pypandoc.get_pandoc_path()


def run(args: list[str], data: bytes, what: str, epoch: int | None = None, cwd: Path | None = None) -> bytes:
    """Run pandoc; a failure names what was being converted and carries pandoc's message."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        result = subprocess.run([executable(), *MEMORY, *args], input=data, capture_output=True, env=env, cwd=cwd,
                                check=False, preexec_fn=die_with_parent)
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
    cycles = [footnote_cycle(text) for text in texts]
    readable = [text for text, cycle in zip(texts, cycles) if cycle is None]
    docs = iter(_read(readable, what, sourcepos, max_depth) if readable else [])
    return [next(docs) if cycle is None else Unreadable("footnote-cycle", cycle) for cycle in cycles]


def _read(texts: list[str], what: str, sourcepos: bool, max_depth: int) -> list[dict | Unreadable]:
    reader = READER + ("+sourcepos" if sourcepos else "")
    data = json.dumps(texts, ensure_ascii=False).encode("utf-8")
    out = run(["lua", str(READ_SCRIPT), reader, str(max_depth)], data, what)
    return [Unreadable(doc["error"], doc.get("line")) if "error" in doc else doc for doc in json.loads(out)]


def footnote_cycle(text: str) -> int | None:
    """The line of a footnote that calls itself, directly or through others, if any.

    pandoc never returns from reading such a text (it expands the note forever), so it is
    refused before pandoc sees it. A footnote's text runs from its [^label]: line over the
    lines that follow it, up to a line that is neither indented nor right after text.
    """
    calls: dict[str, set[str]] = {}
    starts: dict[str, int] = {}
    current, previous, fence = None, "", None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = FENCE.match(line)
        if fence or opening:  # code, where [^x]: is only text
            if fence is None:
                fence = opening.group(1)
            elif opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            current, previous = None, line
            continue
        definition = FOOTNOTE_DEFINITION.match(line)
        if definition:
            current, body = definition.group(1), definition.group(2)
            starts.setdefault(current, number)
        elif current and (line.startswith(("    ", "\t")) or not line.strip() or previous.strip()):
            body = line
        else:
            current = None
        if current:
            calls.setdefault(current, set()).update(FOOTNOTE_CALL.findall(CODE_SPAN.sub("", body)))
        previous = line
    for label in calls:
        seen, pending = set(), [label]
        while pending:
            for called in calls.get(pending.pop(), ()):
                if called == label:
                    return starts[label]
                if called not in seen:
                    seen.add(called)
                    pending.append(called)
    return None


def write(doc: dict, to: str, what: str, args: tuple[str, ...] = (), epoch: int | None = None) -> bytes:
    """Write a document (pandoc's JSON) in a format, reading no file but those named in args.

    The document's images must already be data: URIs (see resources.embed_images). pandoc's
    --sandbox also refuses the stylesheet and cover that EPUB needs, so EPUB runs in an empty
    folder with an empty resource path instead: there is nothing else for it to find.
    """
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if to.startswith("epub"):
        with temporary("pandoc") as empty:
            return run(["-f", "json", "-t", to, "-o", "-", f"--resource-path={empty}", *args], data, what, epoch,
                       cwd=Path(empty))
    return run(["--sandbox", "-f", "json", "-t", to, "-o", "-", *args], data, what, epoch)


def to_html(doc: dict, what: str) -> str:
    """Write an HTML5 fragment."""
    return write(doc, "html5", what, ("--wrap=none", "--email-obfuscation=none")).decode("utf-8")
