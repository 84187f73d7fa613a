"""Load the project: publication.yml and the chapters, validated before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import babel

from .config import Entry, Publication, load_publication
from .diagnostics import Diagnostic, error, raise_errors, warning
from .localize import ValueProblem, localize
from .units import Heading, Segmented, Unit, link_targets, segment

CHAPTERS_DIR = "content/chapters"
IMAGE = re.compile(r"!\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
FOOTNOTE_DEF = re.compile(r"^\s*\[\^([^\]\s]+)\]:", re.MULTILINE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Chapter:
    entry: Entry
    path: str                 # relative to the project root
    text: str
    segmented: Segmented
    ids: tuple[str, ...]      # the book-wide id of each heading, in order

    @property
    def stem(self) -> str:
        return self.entry.stem

    @property
    def units(self) -> tuple[Unit, ...]:
        return self.segmented.units

    @property
    def headings(self) -> tuple[Heading, ...]:
        return self.segmented.headings

    @property
    def title(self) -> Unit:
        return self.headings[0].unit

    def id_for(self, local_id: str) -> str | None:
        """Return the book-wide id of the first heading with this id in the source, if any."""
        return next((final for h, final in zip(self.headings, self.ids) if h.anchor.local_id == local_id), None)


@dataclass(frozen=True)
class Source:
    root: Path
    publication: Publication
    chapters: tuple[Chapter, ...]

    def chapter(self, stem: str) -> Chapter:
        return next(c for c in self.chapters if c.stem == stem)

    @property
    def source_locale(self) -> babel.Locale:
        return self.publication.source.locale


def load(root: Path) -> Source:
    """Read and check publication.yml and every chapter; raise one error listing every problem."""
    root = root.resolve()
    publication = load_publication(root)
    texts, segments, problems = {}, {}, []
    for entry in publication.entries:
        path = f"{CHAPTERS_DIR}/{entry.stem}.md"
        try:
            texts[entry.stem] = (root / path).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(error(path, None, "encoding", f"not UTF-8 text ({exc.reason}): save the file as UTF-8"))
            continue
        segments[entry.stem] = segment(entry.stem, texts[entry.stem])
        headings = segments[entry.stem].headings
        if not headings or headings[0].level != 1 or headings[0].unit != segments[entry.stem].units[0]:
            problems.append(error(path, 1, "no-title", "a chapter starts with its title as a level-1 heading: '# Title'"))
    raise_errors(problems)
    ids = assign_ids(publication.entries, segments)
    chapters = tuple(Chapter(e, f"{CHAPTERS_DIR}/{e.stem}.md", texts[e.stem], segments[e.stem], ids[e.stem])
                     for e in publication.entries)
    source = Source(root, publication, chapters)
    raise_errors(validate(source))
    return source


def assign_ids(entries, segments: dict[str, Segmented]) -> dict[str, tuple[str, ...]]:
    """Give every heading an id unique in the whole book, from the source language.

    A chapter's title takes the chapter's stem; a repeated id gets -2, -3... in reading order.
    """
    taken = {e.stem for e in entries}
    ids = {}
    for entry in entries:
        chapter_ids = []
        for i, heading in enumerate(segments[entry.stem].headings):
            if i == 0:
                chapter_ids.append(entry.stem)
                continue
            candidate, n = heading.anchor.local_id, 1
            while candidate in taken:
                n += 1
                candidate = f"{heading.anchor.local_id}-{n}"
            taken.add(candidate)
            chapter_ids.append(candidate)
        ids[entry.stem] = tuple(chapter_ids)
    return ids


def validate(source: Source) -> list[Diagnostic]:
    """Check links, images, footnotes and locale values of the source chapters."""
    problems: list[Diagnostic] = []
    for chapter in source.chapters:
        for unit in chapter.units:
            for target in link_targets(unit.text):
                _, message = resolve(source, chapter, target)
                if message:
                    problems.append(error(chapter.path, unit.line, "broken-link", message))
        for number, line in enumerate(chapter.text.splitlines(), start=1):
            try:
                localize(line, source.source_locale)
            except ValueProblem as exc:
                problems.append(error(chapter.path, number, "bad-value", str(exc)))
        problems += _check_images(source, chapter)
        problems += _check_footnotes(chapter)
    return problems


def resolve(source: Source, chapter: Chapter, target: str) -> tuple[str | None, str | None]:
    """Resolve a link of a chapter: the book-wide '#id' it points at (None when it leaves the book's
    chapters), and why it is broken (None when it is not)."""
    if SCHEME.match(target) or target.startswith("/"):
        return None, None
    path, _, fragment = target.partition("#")
    if not path:
        found = chapter.id_for(fragment)
        return "#" + (found or fragment), (f"no heading with id '{fragment}' in this chapter"
                                           if fragment and found is None else None)
    if path.endswith(".md"):
        stem = Path(path).stem
        if stem not in source.publication.stems:
            return None, f"'{target}' links to a chapter that is not in publication.yml: link to one of its stems"
        found = source.chapter(stem).id_for(fragment) if fragment else stem
        return "#" + (found or fragment), (f"'{target}': chapter '{stem}' has no heading with id '{fragment}'"
                                           if found is None else None)
    if not _inside(source.root, source.root / CHAPTERS_DIR / path):
        return None, f"'{target}' is outside the project: only files inside it can be linked"
    if not (source.root / CHAPTERS_DIR / path).is_file():
        return None, f"'{target}' does not exist"
    return None, None


def _inside(root: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _check_images(source: Source, chapter: Chapter) -> list[Diagnostic]:
    problems = []
    for number, line in enumerate(chapter.text.splitlines(), start=1):
        for target in IMAGE.findall(line):
            if SCHEME.match(target):
                problems.append(error(chapter.path, number, "remote-image",
                                      f"'{target}' is not a file of the project: put images under content/images/"))
                continue
            path = source.root / CHAPTERS_DIR / target
            if not _inside(source.root, path):
                problems.append(error(chapter.path, number, "outside-project",
                                      f"image '{target}' is outside the project: put it under content/images/"))
            elif not path.is_file():
                problems.append(error(chapter.path, number, "missing-image",
                                      f"image '{target}' does not exist (paths are relative to the chapter file)"))
    return problems


def _check_footnotes(chapter: Chapter) -> list[Diagnostic]:
    defined = set(FOOTNOTE_DEF.findall(chapter.text))
    problems = []
    used = set()
    for unit in chapter.units:
        for label in FOOTNOTE_REF.findall(unit.text):
            used.add(label)
            if label not in defined:
                problems.append(error(chapter.path, unit.line, "missing-footnote",
                                      f"footnote [^{label}] has no definition: add '[^{label}]: ...' to the chapter"))
    for number, line in enumerate(chapter.text.splitlines(), start=1):
        match = FOOTNOTE_DEF.match(line)
        if match and match.group(1) not in used:
            problems.append(warning(chapter.path, number, "unused-footnote",
                                    f"footnote [^{match.group(1)}] is defined but never called"))
    return problems
