"""Coverage reports for people and machines: a text table, Markdown, JSON and a self-contained HTML page."""

from __future__ import annotations

import json

import jinja2

from .catalogs import State
from .coverage import Counts, Coverage
from .render import PACKAGE_TEMPLATES

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
                lines.append(f"{item.path}:{item.line}: {lang.code}: {preview}")
    return "\n".join(lines)


def html(coverage: Coverage, title: str) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE_TEMPLATES / "reports"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("coverage.html").render(coverage=coverage, title=title, State=State)
