"""Reads a PDF's lines back as a reader sees them and measures its typesetting against the rules of issue 12.

Lines come from pypdf's text positions: the pieces of text one baseline holds, in order, with their size.
A hyphen at the end of a line is the hyphenation's when the word it cuts is written whole in the edition's
own text (its site pages), and the word's own hyphen otherwise ("COVID-19", "peut-être").
"""

from __future__ import annotations

import functools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdf

@dataclass
class Line:
    page: int
    y: float
    x: float
    size: float
    text: str


# A PDF of the shared build is read once for every test that reads it: its pages' text and lines too.

@functools.lru_cache(maxsize=None)
def read(path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(path)


@functools.lru_cache(maxsize=None)
def page_texts(pdf: pypdf.PdfReader) -> tuple[str, ...]:
    """The text of each page, as pypdf extracts it."""
    return tuple(page.extract_text() for page in pdf.pages)


@functools.lru_cache(maxsize=None)
def lines(pdf: pypdf.PdfReader) -> tuple[Line, ...]:
    """Every line of text of every page, top to bottom; a note call's raised figure joins its line."""
    found = []
    for number, page in enumerate(pdf.pages):
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip("\n"):
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                pieces.append((round(y, 1), x, round(size * (tm[3] or 1) * (cm[3] or 1), 2), text))

        page.extract_text(visitor_text=visit)
        rows: dict[float, list] = {}
        for y, x, size, text in pieces:
            row = next((key for key in rows if abs(key - y) < 3.5 and (abs(key - y) < 0.5 or size < 8)), y)
            rows.setdefault(row, []).append((x, size, text))
        for y in sorted(rows, reverse=True):
            parts = sorted(rows[y])
            text = re.sub(r"\s+", " ", "".join(t for _, _, t in parts)).strip()
            if text:
                found.append(Line(number, y, parts[0][0], max(s for _, s, _ in parts), text))
    return tuple(found)


def blocks(found: list[Line]) -> list[list[Line]]:
    """Runs of lines one line-height apart: a paragraph, or its part on one page."""
    runs: list[list[Line]] = []
    for line in found:
        last = runs[-1][-1] if runs else None
        if (last and last.page == line.page and abs(last.size - line.size) < 0.3
                and 0 < last.y - line.y < line.size * 1.6):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


@dataclass
class Counts:
    full: int = 0                 # lines that are not a paragraph's last on their page
    hyphenated: int = 0           # of them, ending in a hyphen the hyphenation put there
    short_fragments: list = field(default_factory=list)   # "d'ad-" "di-": fewer than 3 letters on a side
    capitals: list = field(default_factory=list)          # "MI-EUX+", "CO-VID": acronyms and numbers cut
    runs: list = field(default_factory=list)              # more than 2 hyphenated lines in a row
    measure: list = field(default_factory=list)           # characters of each full line of body text

    def summary(self) -> dict:
        share = self.hyphenated / self.full if self.full else 0
        return {"full lines": self.full, "hyphenated": self.hyphenated, "hyphenated %": round(100 * share, 1),
                "fragments < 3 letters": len(self.short_fragments), "capitals or numbers cut": len(self.capitals),
                "runs > 2": len(self.runs), "longest run": max(self.runs, default=2 if self.hyphenated else 0),
                "measure mean": round(statistics.mean(self.measure), 1) if self.measure else 0,
                "measure min": min(self.measure, default=0), "measure max": max(self.measure, default=0)}


def hyphenation(found: list[Line], words: set[str], body: float) -> Counts:
    """Count the hyphenation and measure of the lines of running text (body and notes, not headings)."""
    counts = Counts()
    for block in blocks(found):
        run = 0
        for line, following in zip(block, block[1:]):
            counts.full += 1
            if abs(line.size - body) < 0.3:
                counts.measure.append(len(line.text))
            cut = _cut(line.text, following.text, words)
            if cut is None:
                run = 0
                continue
            counts.hyphenated += 1
            run += 1
            before, after = cut
            if min(len(before), len(after)) < 3:
                counts.short_fragments.append(f"{before}-{after} (p. {line.page + 1})")
            word = before + after
            if sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word) or any(c.isdigit() for c in word):
                counts.capitals.append(f"{before}-{after} (p. {line.page + 1})")
            if run == 3:
                counts.runs.append(3)
            elif run > 3:
                counts.runs[-1] = run
    return counts


def _cut(line: str, following: str, words: set[str]) -> tuple[str, str] | None:
    """(end, start) of a word the hyphenation cut at this line's end; None if the line ends otherwise."""
    if not line.endswith(("-", "\u2010", "\u00ad")) or not following:
        return None
    before = line.rstrip("-\u2010\u00ad").split(" ")[-1]
    after = following.split(" ")[0]
    head = re.search(r"[^\W\d_]+$", before)
    tail = re.match(r"[^\W\d_]+", after)
    if not head or not tail:
        return None
    whole = (head.group() + tail.group()).casefold()
    if whole in words:
        return head.group(), tail.group()
    return None


def text_words(texts) -> set[str]:
    """The words, casefolded, of the edition's text as written."""
    found = set()
    for text in texts:
        found.update(w.casefold() for w in re.findall(r"[^\W_]+", text))
    return found


def body_size(found: list[Line]) -> float:
    """The size most of the text is set in."""
    sizes = Counter()
    for line in found:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0]


def chapter_endings(found: list[Line], body: float, height: float) -> list[tuple[str, int, int]]:
    """(title, page, lines) of each chapter that ends on a page after its first: the lines of running text,
    not notes, on its last page with text. A chapter starts on a page with a line set in a title's size."""
    text = Counter(line.page for line in found
                   if 60 < line.y < height - 60 and line.size > body * 0.83 and not line.text.isdigit())
    starts = {}
    for line in found:
        if line.size > body * 1.9:
            starts.setdefault(line.page, line.text)
    pages = sorted(starts) + [max(text) + 1]
    endings = []
    for start, following in zip(pages, pages[1:]):
        last = max(page for page in range(start, following) if text[page] or page == start)
        if last > start:
            endings.append((starts[start], last + 1, text[last]))
    return endings


def table_splits(pdf: pypdf.PdfReader, sizes: list[int]) -> list[list[int]]:
    """How the body rows of each table (of sizes rows each, in reading order) fall on pages: [1, 3] is a table
    of 4 rows with 1 on one page and 3 on the next. WeasyPrint tags each page's part of a table as a table."""
    parts: list[int] = []

    def walk(element):
        element = element.get_object()
        if not isinstance(element, dict):
            return
        if element.get("/S") == "/Table":
            parts.append(0)
        elif element.get("/S") == "/TR" and element["/P"].get("/S") != "/THead":
            parts[-1] += 1
            return
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    splits = []
    for size in sizes:
        split = []
        while sum(split) < size and parts:
            split.append(parts.pop(0))
        splits.append(split)
    assert not parts and all(sum(s) == n for s, n in zip(splits, sizes)), (splits, sizes)
    return splits
