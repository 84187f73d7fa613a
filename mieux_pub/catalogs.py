"""Gettext catalogs: read translations, judge each unit, and update catalogs from the source."""

from __future__ import annotations

import datetime
import enum
import io
import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog, get_close_matches
from babel.messages.pofile import PoFileError, read_po, write_po

from .diagnostics import MieuxError, error


CHARSET = re.compile(rb"charset=([^\s\\\"]+)")


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

    def lookup(self, msgid: str) -> Lookup:
        """Judge a unit against this catalog, as translated, fuzzy or missing."""
        entry = self.entries.get(msgid)
        if entry is not None and entry.msgstr.strip():
            return Lookup(State.FUZZY if entry.fuzzy else State.TRANSLATED, entry, entry.previous)
        if entry is None and self._close_match(msgid):
            return Lookup(State.FUZZY)
        return Lookup(State.MISSING)

    @cached_property
    def _candidates(self) -> list[str]:
        """The translated msgids, keyed as Babel's update keys them for fuzzy matching."""
        return [m.lower().strip() for m, e in self.entries.items() if e.msgstr.strip()]

    def _close_match(self, msgid: str) -> bool:
        # The same matching that Babel's update uses, so that coverage agrees with extract.
        return bool(self._candidates) and bool(get_close_matches(msgid.lower().strip(), self._candidates, 1))


def read_catalog(root: Path, relpath: str) -> tuple[Catalog, list]:
    """Read a .po file into a Catalog; a missing file is an empty catalog."""
    path = root / relpath
    if not path.is_file():
        return Catalog(relpath), []
    try:
        parsed = read_strictly(path, relpath)
    except MieuxError as exc:
        return Catalog(relpath), list(exc.diagnostics)
    entries = {m.id: Entry(m.id, m.string or "", m.fuzzy, m.lineno or 0,
                           m.previous_id if isinstance(m.previous_id, str) else None)
               for m in parsed if m.id and isinstance(m.id, str) and isinstance(m.string, (str, type(None)))}
    return Catalog(relpath, entries), []


def read_strictly(path: Path, shown: str, locale: str | None = None) -> BabelCatalog:
    """Read a .po file exactly as written, or refuse it with its line: never a repaired guess.

    Babel's reader repairs what it cannot read (an unquoted msgstr loses its first letter), so
    GNU msgfmt, which refuses those, reads the file first.
    """
    problems = _msgfmt_errors(path, shown) or _charset_errors(path, shown)
    if not problems:
        try:
            with path.open("rb") as fh:
                return read_po(fh, locale=locale, abort_invalid=True)
        except (PoFileError, UnicodeDecodeError, ValueError, LookupError) as exc:
            problems = [error(shown, getattr(exc, "lineno", None), "po-syntax", f"cannot read the catalog: {exc}")]
    raise MieuxError(problems)


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
        result = subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True, text=True, check=False)
    except OSError as exc:
        return [error(shown, None, "msgfmt", f"cannot run GNU msgfmt to check the catalog: {exc}")]
    if result.returncode == 0:
        return []
    problems = []
    for line in result.stderr.splitlines():
        where, _, message = line.partition(f"{path}:")[2].partition(": ")
        if where.split(":")[0].isdigit():
            problems.append(error(shown, int(where.split(":")[0]), "po-syntax",
                                  f"{message}: fix it in a PO editor (msgfmt --check shows the same)"))
    return problems or [error(shown, None, "po-syntax", result.stderr.strip())]


@dataclass(frozen=True)
class Template:
    """The messages a catalog must hold: msgid and its locations, in source order."""

    domain: str
    messages: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


def update_catalog(path: Path, existing: BabelCatalog | None, template: Template, locale: str, project: str,
                   title: str, date: datetime.datetime, markdown: bool = True) -> bool:
    """Create or update one catalog (as read_strictly read it, or None) from its template; True when the file changed.

    Translations are never lost: changed units become fuzzy with the old msgid kept as
    `#| msgid`, and removed units become obsolete `#~` entries.
    """
    template_catalog = BabelCatalog(project=project, creation_date=date, fuzzy=False)
    for msgid, locations in template.messages:
        template_catalog.add(msgid, locations=list(locations))
    catalog = existing
    if catalog is None:
        catalog = BabelCatalog(locale=locale, project=project, creation_date=date, revision_date=date,
                               fuzzy=False, msgid_bugs_address="", last_translator=f"{project} translators",
                               language_team=locale)
    catalog.update(template_catalog, update_creation_date=True)
    catalog.project = project
    catalog.version = "1"
    catalog.header_comment = (f"# {title}: {template.domain} ({locale}).\n"
                              "# Translate each msgstr in any PO editor. Keep the Markdown\n"
                              "# markup, link targets, footnote calls such as [^1] and\n"
                              "# locale values such as [2020-12-15]{.date} as they are.\n#")
    for message in catalog:
        # Babel guesses Python format strings from '{...}' and '%': in Markdown they are neither.
        message.flags -= {"python-format", "python-brace-format"} if markdown else {"python-brace-format"}
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=True, sort_output=False)
    data = buffer.getvalue()
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".po.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True
