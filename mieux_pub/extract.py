"""Create or update every language's catalogs from the current source."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_file

from .catalogs import Template, read_strictly, update_catalog
from .diagnostics import MieuxError, raise_errors
from .config import release_time
from .render import PACKAGE_TEMPLATES, UI_DOMAIN, UI_SOURCE, template_path, ui_catalog_path
from .source import Source
from .translate import catalog_path


JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


@dataclass(frozen=True)
class Extracted:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]


def templates(source: Source) -> list[Template]:
    """The messages of each chapter catalog and of publication.po, in source order."""
    result = []
    for chapter in source.chapters:
        result.append(_template(chapter.stem, ((u.text, (f"chapters/{chapter.stem}.md", u.line))
                                               for u in chapter.units)))
    fields = source.publication.fields
    result.append(_template("publication", ((f.text, ("publication.yml", f.line)) for f in fields)))
    return result


def ui_template(root: Path) -> Template:
    """The strings of the templates in effect (the project's overrides, else the defaults), via Babel's Jinja extractor."""
    names = sorted({p.name for folder in (PACKAGE_TEMPLATES, root / "templates") if folder.is_dir()
                    for p in folder.glob("*.html")})
    pairs = []
    for name in names:
        for line, message, _comments, _context in extract_from_file("jinja2", template_path(root, name),
                                                                    options=JINJA_OPTIONS):
            if isinstance(message, str):
                pairs.append((message, (f"templates/{name}", line)))
    return _template(UI_DOMAIN, pairs)


def ui_languages(publication) -> list:
    """The languages that need a ui.po: the templates are written in English."""
    return [lang for lang in publication.languages if lang.code.split("-")[0] != UI_SOURCE]


def _template(domain: str, pairs) -> Template:
    messages: dict[str, list] = {}
    for msgid, location in pairs:
        messages.setdefault(msgid, []).append(location)
    return Template(domain, tuple((m, tuple(locs)) for m, locs in messages.items()))


def extract(source: Source, codes: list[str] | None = None) -> Extracted:
    """Write the catalogs of every target language (or of those named), keeping all translations."""
    publication = source.publication
    publication.require(codes or ())
    date, title = release_time(publication, os.environ), publication.text("title")
    content, ui = templates(source), ui_template(source.root)
    catalogs = []
    for language in publication.languages:
        if codes and language.code not in codes:
            continue
        if language.code != publication.source_language:
            catalogs += [(language, catalog_path(language.code, t.domain), t, True) for t in content]
        if language in ui_languages(publication):
            catalogs.append((language, ui_catalog_path(language.code), ui, False))
    # A catalog that cannot be read exactly is refused, and then none is written.
    existing, problems = {}, []
    for language, relpath, _, _ in catalogs:
        if (source.root / relpath).is_file():
            try:
                existing[relpath] = read_strictly(source.root / relpath, relpath, language.code)
            except MieuxError as exc:
                problems += exc.diagnostics
    raise_errors(problems)
    written, unchanged = [], []
    for language, relpath, template, markdown in catalogs:
        changed = update_catalog(source.root / relpath, existing.get(relpath), template, language.code,
                                 publication.id, title, date, markdown=markdown)
        (written if changed else unchanged).append(relpath)
    return Extracted(tuple(written), tuple(unchanged))
