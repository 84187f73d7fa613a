"""Create or update every language's catalogs from the current source, with GNU msgmerge."""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract as extract_messages

from .catalogs import (Template, collect, compendium, merge, new_catalog, not_a_file, read_strictly,
                       write_if_changed)
from .config import release_time
from .diagnostics import MieuxError, raise_errors
from .render import PACKAGE_TEMPLATES, UI_DOMAIN, UI_SOURCE, read_template, ui_catalog_path
from .source import Source
from .translate import catalog_path, templates


JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


@dataclass(frozen=True)
class Extracted:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]


def ui_template(root: Path) -> Template:
    """The strings of the templates in effect (the project's overrides, else the defaults), via Babel's Jinja extractor."""
    names = sorted({p.name for folder in (PACKAGE_TEMPLATES, root / "templates") if folder.is_dir()
                    for p in folder.glob("*.html")})
    triples = [triple for name in names for triple in _template_strings(name, read_template(root, name))]
    return collect(UI_DOMAIN, triples, markdown=False)


@functools.lru_cache(maxsize=256)
def _template_strings(name: str, text: str) -> tuple:
    """The strings of one template's text (a build and every build of the process read the same defaults)."""
    found = extract_messages("jinja2", io.BytesIO(text.encode("utf-8")), options=JINJA_OPTIONS)
    return tuple((message, (f"templates/{name}", line), " ".join(comments))
                 for line, message, comments, _context in found if isinstance(message, str))


def ui_languages(publication) -> list:
    """The languages that need a ui.po: the templates are written in English."""
    return [lang for lang in publication.languages if lang.code.split("-")[0] != UI_SOURCE]


def extract(source: Source, codes: list[str] | None = None, width: int | None = None) -> Extracted:
    """Write the catalogs of every target language (or of those named), keeping all translations.

    Each catalog is merged with its template by GNU msgmerge, a language's other catalogs serving
    as its compendium; width (else publication.yml's po_width) is msgmerge's --width, 0 --no-wrap.
    """
    publication = source.publication
    publication.require(codes or ())
    date, title = release_time(publication, os.environ), publication.text("title")
    width = publication.po_width if width is None else width
    content, ui = templates(source), ui_template(source.root)
    plans = []
    for language in publication.languages:
        if codes and language.code not in codes:
            continue
        plan = [(catalog_path(language.code, t.domain), t) for t in content
                if language.code != publication.source_language]
        if language in ui_languages(publication):
            plan.append((ui_catalog_path(language.code), ui))
        plans.append((language.code, plan))
    # A catalog that cannot be read exactly is refused, and then none is written.
    problems = []
    for code, plan in plans:
        for relpath, _ in plan:
            if (source.root / relpath).exists() and not (source.root / relpath).is_file():
                problems.append(not_a_file(relpath))
            elif (source.root / relpath).is_file():
                try:
                    read_strictly(source.root / relpath, relpath, code)
                except MieuxError as exc:
                    problems += exc.diagnostics
    raise_errors(problems)
    merged = {}   # every catalog is merged before any is written
    for code, plan in plans:
        pool = compendium([source.root / relpath for relpath, t in plan if t.markdown and (source.root / relpath).is_file()])
        for relpath, template in plan:
            path = source.root / relpath
            data = path.read_bytes() if path.is_file() else new_catalog(code, publication.id, title, template.domain,
                                                                        date)
            merged[relpath] = merge(data, template, date, pool if template.markdown else None, width)
    written, unchanged = [], []
    for relpath, data in merged.items():
        try:
            (written if write_if_changed(source.root / relpath, relpath, data) else unchanged).append(relpath)
        except MieuxError as exc:
            raise MieuxError(exc.diagnostics, f"{len(written)} catalog(s) before it were updated: run extract "
                                              "again once it can write" if written else "") from None
    return Extracted(tuple(written), tuple(unchanged))
