"""Create or update every language's catalogs from the current source."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .catalogs import Template, update_catalog
from .config import release_time
from .source import Source
from .translate import catalog_path


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


def _template(domain: str, pairs) -> Template:
    messages: dict[str, list] = {}
    for msgid, location in pairs:
        messages.setdefault(msgid, []).append(location)
    return Template(domain, tuple((m, tuple(locs)) for m, locs in messages.items()))


def extract(source: Source, codes: list[str] | None = None) -> Extracted:
    """Write the catalogs of every target language (or of those named), keeping all translations."""
    publication = source.publication
    written, unchanged = [], []
    for language in publication.languages:
        if language.code == publication.source_language or (codes and language.code not in codes):
            continue
        for template in templates(source):
            relpath = catalog_path(language.code, template.domain)
            changed = update_catalog(source.root / relpath, template, language.code, publication.id,
                                     publication.text("title"), release_time(publication, os.environ))
            (written if changed else unchanged).append(relpath)
    return Extracted(tuple(written), tuple(unchanged))
