"""Coverage reports for people and machines: a text table, Markdown, JSON and a self-contained HTML page."""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Collection
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import cache

if TYPE_CHECKING:   # the build's summary needs none of what coverage and its page need: a no-op build stays quick
    from .catalogs import State
    from .coverage import Counts, Coverage

COLUMNS = ("", "units", "translated", "fuzzy", "missing", "rejected", "words", "w.transl.", "w.fuzzy", "w.missing",
           "w.rejected", "%")


def _rows(coverage: Coverage, by_chapter: bool):
    for lang in coverage.languages:
        kind = "release" if lang.release else "draft"
        yield (f"{lang.code} ({kind})", lang.units, lang.words, lang.percent)
        if by_chapter:
            for chapter in lang.chapters:
                yield (f"  {chapter.stem}", chapter.units, chapter.words, chapter.percent)
        yield ("  ui.po", lang.ui, None, lang.ui.percent)


def _cells(name: str, units: Counts, words: Counts | None, percent: float) -> list[str]:
    word_cells = [str(words.total), str(words.translated), str(words.fuzzy), str(words.missing),
                  str(words.rejected)] if words else [""] * 5
    return [name, str(units.total), str(units.translated), str(units.fuzzy), str(units.missing), str(units.rejected),
            *word_cells, f"{percent:.1f}"]


def table(coverage: Coverage, by_chapter: bool = False) -> str:
    rows = [list(COLUMNS)] + [_cells(*row) for row in _rows(coverage, by_chapter)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(row, widths))).rstrip() for row in rows)


def markdown(coverage: Coverage, by_chapter: bool = False) -> str:
    header = ["language / chapter", *COLUMNS[1:]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" + "--:|" * (len(header) - 1)]
    for row in _rows(coverage, by_chapter):
        cells = _cells(*row)
        lines.append("| " + " | ".join([cells[0].strip().replace("  ", "")] + cells[1:]) + " |")
    return "\n".join(lines)


def as_json(coverage: Coverage) -> str:
    return json.dumps(coverage.as_dict(), ensure_ascii=False, indent=2) + "\n"


def findings_json(findings) -> str:
    """Check findings as a JSON list of {path, line, code, severity, message}."""
    return json.dumps([{"path": f.path, "line": f.line, "code": f.code, "severity": f.severity.value,
                        "message": f.message} for f in findings], ensure_ascii=False, indent=2)


def listing(coverage: Coverage, state: State) -> str:
    """One line per unit in that state: path:line: lang: the first words of its source."""
    lines = []
    for lang in coverage.languages:
        for item in lang.lacking:
            if item.state is state:
                words = item.text.split()
                preview = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
                where = f"{item.path}:{item.line}" if item.line else item.path   # no line: a catalog to create
                lines.append(f"{where}: {lang.code}: {preview}")
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def _environment():
    """The report's Jinja environment, made once per process: it compiles the template once."""
    import jinja2

    from .render import PACKAGE_TEMPLATES
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE_TEMPLATES / "reports"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["word_diff"] = word_diff
    env.filters["url_path"] = lambda path: quote(path, safe="/")
    env.filters["edition_href"] = _edition_href
    return env


def html(coverage: Coverage, title: str, editions: Collection[str] = (), project: str | None = None) -> str:
    """Render the self-contained page saved as <out>/reports/coverage.html.

    Each lacking unit links to its place in the HTML edition of its language when that language is in editions
    (built as <out>/<code>/), and to its source file when project, the project folder as a link from the page's
    folder, is known.
    """
    from .catalogs import State
    from .render import UI_SOURCE
    return _environment().get_template("coverage.html").render(
        coverage=coverage, title=title, State=State, editions=frozenset(editions), project=project,
        ui_language=UI_SOURCE)


def project_link(root: Path, out: Path | None = None) -> str | None:
    """The project folder as a link from <out>/reports/ (out defaults to the build's <project>/build).

    None when the page is not saved inside the project: a link out of it would only work on this machine.
    """
    root = root.resolve()
    folder = ((out or root / "build") / "reports").resolve()
    if not folder.is_relative_to(root):
        return None
    return Path(os.path.relpath(root, folder)).as_posix() + "/"


def _edition_href(page: str, code: str) -> str:
    path, hash_, anchor = page.partition("#")
    return f"../{quote(code)}/{quote(path, safe='/')}{hash_}{anchor}"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Compare two texts word by word: ("", kept words), ("del", removed words) and ("ins", added words), in order."""
    before, after = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", " ".join(before[i1:i2])))
        if j2 > j1:
            parts.append(("ins", " ".join(after[j1:j2])))
    return parts


def build_summary(result, manifest, verbose: bool = False) -> str:
    """The end of a build: every job, made or reused, with its files, their size and its time."""
    rows = [("", "", "files", "size", "seconds")]
    stages = [s for s in result.seconds if s not in result.made and s != "site"]   # reading, assembling
    for job in stages + list(result.made) + (["site"] if "site" in result.seconds else []) + list(result.reused):
        entries = [e for e in manifest.entries if (e.get("language"), e.get("format")) in cache.owners(job)]
        seconds = result.seconds.get(job)
        rows.append((job, "reused" if job in result.reused else "made" if job in result.made or job == "site" else "",
                     str(len(entries)) if entries else "", _kib(sum(e.get("size", 0) for e in entries)) if entries else "",
                     f"{seconds:.1f}" if seconds is not None else ""))
        if verbose:
            rows += [(f"  {e['path']}", "", "", _kib(e.get("size", 0)), "") for e in entries]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             .rstrip() for row in rows]
    return "\n".join(lines + [f"{len(result.made)} jobs made, {len(result.reused)} reused; "
                              f"{len(result.written)} files written to {result.out}"])


def _kib(size: int) -> str:
    return f"{size / 1024:.0f} KiB"


class Progress:
    """Tell a person how the build goes: one line rewritten in place on a terminal, plain lines otherwise."""

    def __init__(self, stream):
        self.stream, self.done, self.start = stream, 0, time.perf_counter()
        self.live = stream.isatty()

    def __call__(self, job: str, seconds: float) -> None:
        self.done += 1
        line = f"{self.done} done, {time.perf_counter() - self.start:.0f} s: {job} ({seconds:.1f} s)"
        self.stream.write(f"\r\033[K{line}" if self.live else f"{line}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self.done:
            self.stream.write("\n")
