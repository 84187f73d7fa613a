"""Gettext catalogs: read translations, judge each unit, and update catalogs from the source."""

from __future__ import annotations

import contextlib
import datetime
import enum
import functools
import io
import itertools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from .config import gettext_code
from .diagnostics import Diagnostic, MieuxError, error, warning
from .output import temporary


CHARSET = re.compile(rb"charset=([^\s\\\"]+)")
OBSOLETE_PREVIOUS = re.compile(rb"^#~\|", re.MULTILINE)
HEADER_DATE = re.compile(rb'^("(?:POT-Creation-Date|PO-Revision-Date):)[^"\\]*', re.MULTILINE)
GNU_WIDTH = 79   # what msgmerge, msgcat and Poedit write by default
EMPTY = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'   # a catalog with no entries


class State(enum.Enum):
    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    MISSING = "missing"
    REJECTED = "rejected"   # translated, but not usable as it is: see its diagnostic


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgstr: str
    fuzzy: bool
    line: int
    previous: str | None = None   # a fuzzy entry's former msgid (#| msgid), as extract kept it


@dataclass(frozen=True)
class Lookup:
    """What a catalog holds for one unit: its state and, when translated, the entry to use."""

    state: State
    entry: Entry | None = None
    previous: str | None = None   # for a fuzzy unit, the source its translation was made for


@dataclass(frozen=True)
class Catalog:
    """The translations of one .po file, read-only."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    # What extract would fill in for an untranslated msgid (fuzzy): msgid -> the msgid it was translated from.
    suggestions: dict[str, str | None] = field(default_factory=dict)

    def lookup(self, msgid: str) -> Lookup:
        """Judge a unit against this catalog, as translated, fuzzy or missing."""
        entry = self.entries.get(msgid)
        if entry is not None and entry.msgstr.strip():
            return Lookup(State.FUZZY if entry.fuzzy else State.TRANSLATED, entry, entry.previous)
        if msgid in self.suggestions:
            return Lookup(State.FUZZY, previous=self.suggestions[msgid])
        return Lookup(State.MISSING)

    def untranslated(self, template: Template) -> list[Message]:
        return [m for m in template.messages if m.msgid not in self.entries or not self.entries[m.msgid].msgstr.strip()]


def not_a_file(relpath: str) -> Diagnostic:
    return error(relpath, None, "po-not-a-file", "this is a folder, not a catalog: remove it, then run mieux-pub extract")


def read_catalog(root: Path, relpath: str) -> tuple[Catalog, list]:
    """Read a .po file into a Catalog; a missing file is an empty catalog."""
    path = root / relpath
    if path.exists() and not path.is_file():
        return Catalog(relpath), [not_a_file(relpath)]
    if not path.is_file():
        return Catalog(relpath), []
    try:
        parsed = read_strictly(path, relpath)
    except MieuxError as exc:
        return Catalog(relpath), list(exc.diagnostics)
    entries, problems = {}, []
    for m in parsed:
        if m.context:
            # mieux-pub writes no msgctxt, so such an entry matches no unit: it is kept, and never used.
            problems.append(warning(relpath, m.lineno, "po-msgctxt",
                                    f"this entry has msgctxt \"{m.context}\", which mieux-pub does not use: it "
                                    "translates no unit, and extract will make it obsolete; remove the msgctxt line"))
        elif m.id and isinstance(m.id, str) and isinstance(m.string, (str, type(None))):
            entries[m.id] = Entry(m.id, m.string or "", m.fuzzy, m.lineno or 0, previous_msgid(m))
    return Catalog(relpath, entries), problems


def previous_msgid(message) -> str | None:
    """The former msgid that msgmerge kept in '#|' lines (Babel reads them as translator comments)."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    start = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
    if start is None:
        return None
    strings = [lines[start][len("msgid "):]]
    strings += itertools.takewhile(lambda line: line.startswith('"'), lines[start + 1:])
    # Joined string by string: a line separator inside one (U+2028) is text, not the end of a line.
    return "".join(unescape(s) for s in strings)


def with_suggestions(catalog: Catalog, data: bytes, template: Template, date: datetime.datetime,
                     pool: bytes | None) -> Catalog:
    """The catalog, knowing what extract would fill in (fuzzy) for its untranslated messages."""
    wanted = catalog.untranslated(template)
    if not wanted:
        return catalog
    merged = babel_read(merge(data, Template(template.domain, tuple(wanted), template.markdown), date, pool))
    ids = {m.msgid for m in wanted}
    found = {m.id: previous_msgid(m) for m in merged if m.id in ids and isinstance(m.string, str) and m.string.strip()}
    return replace(catalog, suggestions=found)


def read_strictly(path: Path, shown: str, locale: str | None = None) -> BabelCatalog:
    """Read a .po file exactly as written, or refuse it with its line: never a repaired guess.

    Babel's reader repairs what it cannot read (an unquoted msgstr loses its first letter), so
    GNU msgfmt, which refuses those, reads the file first.
    """
    problems = _msgfmt_errors(path, shown) or _charset_errors(path, shown)
    if not problems:
        try:
            return babel_read(path.read_bytes(), locale)
        except (PoFileError, UnicodeDecodeError, ValueError, LookupError) as exc:
            problems = [error(shown, getattr(exc, "lineno", None), "po-syntax", f"cannot read the catalog: {exc}")]
    raise MieuxError(problems)


def babel_read(data: bytes, locale: str | None = None) -> BabelCatalog:
    """Read a catalog GNU msgfmt accepts with Babel, which knows no '#~|' (an obsolete entry's former msgid)
    and no header date but its own format ('2024-07-19T19:45:30Z', as some tools write, is a ValueError).

    In memory only, those lines become plain comments and those dates blank: every line keeps its number,
    and mieux-pub reads neither.
    """
    data = HEADER_DATE.sub(rb"\1", OBSOLETE_PREVIOUS.sub(b"# ~|", data))
    return read_po(io.BytesIO(data), locale=locale and gettext_code(locale), abort_invalid=True)


def _charset_errors(path: Path, shown: str) -> list:
    """A header that declares another charset than UTF-8 (or an unknown one) is refused: mieux-pub reads UTF-8."""
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        match = CHARSET.search(line)
        if match:
            charset = match.group(1).decode("ascii", "replace")
            if charset.lower() in ("utf-8", "utf8"):
                return []
            return [error(shown, number, "po-charset", f"the catalog declares charset={charset}: "
                                                       "save it as UTF-8 and declare charset=UTF-8")]
        if number > 40:  # the header is over
            break
    return []


def _msgfmt_errors(path: Path, shown: str) -> list:
    """What GNU msgfmt finds wrong in a catalog, each at its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [error(shown, None, "unreadable", f"cannot read the catalog: {exc.strerror}")]
    try:
        returncode, stderr = _msgfmt(shutil.which("msgfmt") or "msgfmt", data)
    except OSError as exc:
        return [error(shown, None, "msgfmt", f"cannot run GNU msgfmt to check the catalog: {exc}")]
    if returncode == 0:
        return []
    problems = []
    for line in stderr.splitlines():
        where, _, message = line.partition("<stdin>:")[2].partition(": ")
        if where.split(":")[0].isdigit():
            problems.append(error(shown, int(where.split(":")[0]), "po-syntax",
                                  f"{message}: fix it in a PO editor (msgfmt --check shows the same)"))
    return problems or [error(shown, None, "po-syntax", stderr.strip().replace("<stdin>", shown))]


@functools.lru_cache(maxsize=512)
def _msgfmt(program: str, data: bytes) -> tuple[int, str]:
    """GNU msgfmt's exit status and messages on a catalog's bytes: a process runs it once for the same bytes."""
    result = subprocess.run([program, "-o", os.devnull, "-"], input=data, capture_output=True, check=False)
    return result.returncode, result.stderr.decode("utf-8", "replace")


@dataclass(frozen=True)
class Message:
    """One msgid a catalog must hold, where the source has it, and what it is for the translator (#.)."""

    msgid: str
    locations: tuple[tuple[str, int], ...]
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """The messages a catalog must hold, in source order: its POT."""

    domain: str
    messages: tuple[Message, ...]
    markdown: bool = True   # Markdown units, not Python format strings (ui.po's are)

    def pot(self, date: datetime.datetime) -> bytes:
        """The template as a .pot file, dated so that a catalog's POT-Creation-Date is the publication's."""
        catalog = BabelCatalog(creation_date=date, fuzzy=False)
        for message in self.messages:
            added = catalog.add(message.msgid, locations=list(message.locations), auto_comments=list(message.comments))
            # Babel guesses Python format strings from '{...}' and '%': in Markdown they are neither.
            added.flags -= {"python-format", "python-brace-format"} if self.markdown else {"python-brace-format"}
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=0, omit_header=False)
        return buffer.getvalue()


def collect(domain: str, triples, markdown: bool = True) -> Template:
    """A catalog's template from (msgid, location, comment): a msgid written twice is one message."""
    messages: dict[str, tuple[list, list]] = {}
    for msgid, location, comment in triples:
        locations, comments = messages.setdefault(msgid, ([], []))
        locations.append(location)
        if comment and comment not in comments:
            comments.append(comment)
    return Template(domain, tuple(Message(m, tuple(locs), tuple(notes)) for m, (locs, notes) in messages.items()),
                    markdown)


def new_catalog(locale: str, project: str, title: str, domain: str, date: datetime.datetime) -> bytes:
    """The header of a catalog that does not exist yet (its Language in gettext's spelling, pt_BR); msgmerge fills
    in its messages."""
    catalog = BabelCatalog(locale=gettext_code(locale), project=project, version="1", creation_date=date, revision_date=date,
                           fuzzy=False, msgid_bugs_address="", last_translator=f"{project} translators",
                           language_team=locale)
    catalog.header_comment = (f"# {title}: {domain} ({locale}).\n"
                              "# Translate each msgstr in any PO editor. Keep the Markdown\n"
                              "# markup, link targets, footnote calls such as [^1] and\n"
                              "# locale values such as [2020-12-15]{.date} as they are.\n#")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    return buffer.getvalue()


def merge(catalog: bytes, template: Template, date: datetime.datetime, compendium: bytes | None = None,
          width: int = GNU_WIDTH) -> bytes:
    """Update a catalog from its template with GNU msgmerge, and return the file it writes.

    msgmerge keeps what it does not own (headers, translator comments), revives an obsolete
    entry whose msgid comes back, marks a changed one fuzzy with its former msgid (#|), and
    writes exactly as every gettext tool does. The compendium's entries are suggestions: fuzzy.
    """
    with temporary("merge") as folder:
        folder = Path(folder)
        (folder / "def.po").write_bytes(catalog)
        (folder / "ref.pot").write_bytes(template.pot(date))
        command = ["msgmerge", "--quiet", "--previous", *_wrapping(width), "-o", "-"]
        if compendium:
            (folder / "compendium.po").write_bytes(compendium)
            command.append("--compendium=compendium.po")
        return _gettext(command + ["def.po", "ref.pot"], folder)


def compendium(paths: list[Path]) -> bytes | None:
    """A language's reviewed translations (not fuzzy ones), marked fuzzy: what msgmerge may suggest for a new msgid."""
    if not paths:
        return None
    joined = _gettext(["msgcat", "--use-first", *map(str, paths)])
    return _gettext(["msgattrib", "--translated", "--no-fuzzy", "--no-obsolete", "--set-fuzzy", "-"], stdin=joined)


def _wrapping(width: int) -> list[str]:
    return ["--no-wrap"] if width <= 0 else [f"--width={width}"]


def _gettext(command: list[str], cwd: Path | None = None, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise MieuxError([error(command[0], None, "gettext", f"cannot run GNU {command[0]} "
                                                             f"(install GNU gettext): {exc}")]) from exc
    if result.returncode != 0:
        raise MieuxError([error(command[0], None, "gettext", result.stderr.decode("utf-8", "replace").strip())])
    return result.stdout


def write_if_changed(path: Path, relpath: str, data: bytes) -> bool:
    """Replace a catalog in one step when its bytes differ; True when it changed. A failure names the catalog
    (not its temporary file) and leaves it as it was."""
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):   # a read-only file system refuses even this
            tmp.unlink(missing_ok=True)
        raise MieuxError([error(relpath, None, "cannot-write", f"{exc.strerror}: the catalog is unchanged; make "
                                                               "room or allow writing there, then run extract again")]) \
            from None
    return True
