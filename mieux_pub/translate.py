"""Judge every unit of a language once, and write the chapters in that language.

Each msgstr is read with the same reader as the source, in the same context (a heading,
a cell, a caption, a paragraph), and compared with its source unit. A translation is used
only when it calls the same footnotes, links to the same targets, shows the same images,
keeps the same locale values, raw markup and attributes: translators are not trusted to
add any of these. Anything else falls back to the source, marked with its language.
"""

from __future__ import annotations

import pickle
import re
from collections import Counter
from dataclasses import dataclass

from . import pandoc, tree
from .catalogs import EMPTY, Catalog, Lookup, State, Template, collect, compendium, read_catalog, with_suggestions
from .config import Language, catalog_folder, release_time
from .diagnostics import Diagnostic, warning
from .figures import markup
from .source import CHAPTERS_DIR
from .units import Unit, is_locale_span, is_marker

NOTE_MARK = "\ue000note:"
PLAIN = ("alt", "figure", "source")   # units whose text is plain, not Markdown: alt text, a figure's words, a source
LANG_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def catalog_path(code: str, domain: str) -> str:
    return f"{catalog_folder(code)}/LC_MESSAGES/{domain}.po"


@dataclass(frozen=True)
class Judged:
    """A unit and its state in one language; a usable translation's inlines, footnotes in place."""

    unit: Unit
    state: State
    inlines: tuple | None = None
    where: tuple[str, int] | None = None   # the catalog entry: path and line
    reason: str = ""
    previous: str | None = None   # a fuzzy unit's former source, when the catalog kept it

    @property
    def used(self) -> bool:
        return self.inlines is not None


# What each kind of unit is, for the translator who sees it in a PO editor (#. comments).
KINDS = {"heading": "Heading, level {level}", "paragraph": "Paragraph", "quote": "Paragraph of a quotation",
         "item": "List item", "cell": "Table cell", "term": "Term of a definition list", "caption": "Figure caption",
         "alt": "Image description (alt text): say what the image shows", "footnote": "Footnote",
         "figure": "Words in the figure {file}: plain text, no markup",
         "table-caption": "Table caption", "source": "Source of a figure or table (plain text), after 'Source:'"}


def templates(source) -> list[Template]:
    """The messages of each chapter catalog and of publication.po, in source order, each saying what it is."""
    result = []
    for chapter in source.chapters:
        result.append(collect(chapter.stem, (
            (u.text, (u.origin, u.line),
             f"{KINDS[u.kind].format(level=u.level, file=u.file)}; on the page {chapter.page(u)}")
            for u in chapter.units)))
    result.append(collect("publication", ((f.text, ("publication.yml", f.line), f"publication.yml: {f.key}")
                                            for f in source.publication.fields)))
    return result


def load_catalogs(source, language: Language) -> tuple[dict[str, Catalog], list[Diagnostic]]:
    """Read a language's chapter catalogs and publication.po, knowing what extract would suggest for new units."""
    catalogs, problems = {}, []
    wanted = {t.domain: t for t in templates(source)}
    if language.code == source.publication.source_language:
        return {domain: Catalog(catalog_path(language.code, domain)) for domain in wanted}, []
    for domain in wanted:
        catalogs[domain], found = read_catalog(source.root, catalog_path(language.code, domain))
        problems += found
    if any(d.is_error for d in problems) or not any(c.untranslated(wanted[d]) for d, c in catalogs.items()):
        return catalogs, problems
    date, pool = release_time(source.publication, {}), compendium(existing(source.root, catalogs.values()))
    for domain, catalog in catalogs.items():
        path = source.root / catalog.path
        data = path.read_bytes() if path.is_file() else EMPTY
        catalogs[domain] = with_suggestions(catalog, data, wanted[domain], date, pool)
    return catalogs, problems


def existing(root, catalogs) -> list:
    """The files of those catalogs that exist."""
    return [root / c.path for c in catalogs if (root / c.path).is_file()]


def lookup(source, language: Language, catalog: Catalog, msgid: str) -> Lookup:
    """Tell whether a text is translated in a language; the source language always is."""
    if language.code == source.publication.source_language:
        return Lookup(State.TRANSLATED)
    return catalog.lookup(msgid)


_read_before: dict[str, bytes] = {}   # each translation this process read, pickled (see _read_translations)
REMEMBERED = 50_000                   # translations; past that, the memory starts again


def _read_translations(texts: list[str], what: str) -> list:
    """pandoc.read of the translations, each read once per process: a serve that rebuilds after a catalog was saved
    reads only the translations that changed. Each call gets its own copy: the documents are changed downstream."""
    if len(_read_before) + len(texts) > REMEMBERED:
        _read_before.clear()
    new = list(dict.fromkeys(text for text in texts if text not in _read_before))
    _read_before.update((text, pickle.dumps(doc)) for text, doc in zip(new, pandoc.read(new, what) if new else []))
    return [pickle.loads(_read_before[text]) for text in texts]


def judge(source, language: Language, catalogs: dict[str, Catalog]) -> tuple[dict[str, tuple[Judged, ...]],
                                                                              list[Diagnostic]]:
    """Judge every unit of every chapter in a language, reading all its translations in one pandoc run."""
    lookups = {c.stem: [(u, lookup(source, language, catalogs[c.stem], u.text)) for u in c.units]
               for c in source.chapters}
    pending = [(chapter, unit, found) for chapter in source.chapters for unit, found in lookups[chapter.stem]
               if found.entry is not None and found.state is State.TRANSLATED and unit.kind not in PLAIN]
    texts = [_in_context(unit, found.entry.msgstr, chapter.definitions, chapter.labels)
             for chapter, unit, found in pending]
    docs = _read_translations(texts, f"{catalog_folder(language.code)} (the {language.code} translations)")
    parsed = {(chapter.stem, unit.index): doc for (chapter, unit, _), doc in zip(pending, docs)}
    judged, problems = {}, []
    for chapter in source.chapters:
        catalog = catalogs[chapter.stem]
        row = []
        for unit, found in lookups[chapter.stem]:
            entry = found.entry or catalog.entries.get(unit.text)   # an empty msgstr has its line too
            where = (catalog.path, entry.line) if entry is not None else None
            if found.state is not State.TRANSLATED:
                row.append(Judged(unit, found.state, where=where, previous=found.previous))
            elif found.entry is None:  # the source language
                row.append(Judged(unit, State.TRANSLATED,
                                  unit.inlines if unit.kind not in ("alt", "figure") else (unit.text,)))
            elif unit.kind == "figure" and (found_markup := markup(found.entry.msgstr)):
                reason = f"a figure's words are plain text, and the translation holds markup ({found_markup})"
                problems.append(warning(catalog.path, found.entry.line, "rejected-markup",
                                        f"{reason}; the source text is used until the translation is fixed"))
                row.append(Judged(unit, State.REJECTED, where=where, reason=reason))
            elif unit.kind in PLAIN:
                text = " ".join(found.entry.msgstr.split())
                row.append(Judged(unit, State.TRANSLATED, (tree.text(text) if unit.kind == "source" else text,), where))
            else:
                inlines, code, reason = accept(unit, parsed[chapter.stem, unit.index])
                if reason:
                    problems.append(warning(catalog.path, found.entry.line, code,
                                            f"{reason}; the source text is used until the translation is fixed"))
                    row.append(Judged(unit, State.REJECTED, where=where, reason=reason))
                else:
                    row.append(Judged(unit, State.TRANSLATED, inlines, where))
        judged[chapter.stem] = tuple(row)
    return judged, problems


def _in_context(unit: Unit, msgstr: str, definitions: str, labels: tuple[str, ...]) -> str:
    """The translation as the reader must see it: in its unit's context, with the chapter's link
    definitions and a stand-in for each footnote it may call."""
    if unit.kind == "heading":
        text = "#" * unit.level + " " + msgstr
    elif unit.kind == "cell":
        text = "| " + msgstr + " |\n|---|"
    elif unit.kind in ("caption", "table-caption"):
        text = "![" + msgstr + "](figure)"
    elif unit.kind == "term":
        text = msgstr + "\n: definition"
    else:
        text = msgstr
    stubs = "".join(f"\n\n[^{label}]: {NOTE_MARK}{label}" for label in labels)
    return text + "\n\n" + definitions + stubs + "\n"


def _inlines_of(unit: Unit, doc) -> list | None:
    """The inlines a translation read in its context gives, or None when it is not one block of the unit's kind."""
    if not isinstance(doc, dict):
        return None
    blocks = doc["blocks"]
    if len(blocks) != 1:
        return None
    [block] = blocks
    t, c = block["t"], block.get("c")
    if unit.kind == "heading":
        return c[2] if t == "Header" else None
    if unit.kind == "cell":
        cells = tree.table_cells(block) if t == "Table" else []
        if len(cells) != 1 or len(cells[0][4]) != 1 or cells[0][4][0]["t"] != "Plain":
            return None
        return cells[0][4][0]["c"]
    if unit.kind in ("caption", "table-caption"):
        ok = t == "Para" and len(c) == 1 and c[0]["t"] == "Image"
        return c[0]["c"][1] if ok else None
    if unit.kind == "term":
        return c[0][0] if t == "DefinitionList" and len(c) == 1 else None
    return c if t in ("Para", "Plain") else None


def accept(unit: Unit, doc) -> tuple[tuple | None, str, str]:
    """Compare a translation with its source unit: (inlines to use, '', '') or (None, code, why not)."""
    if isinstance(doc, pandoc.Unreadable):
        why = {"footnote-cycle": "defines a footnote that calls itself",
               "too-deep": "nests too deeply"}.get(doc.message, f"cannot be read ({doc.message})")
        return None, "rejected-structure", f"the translation {why}"
    inlines = _inlines_of(unit, doc)
    if inlines is None:
        what = {"heading": "a heading of one line", "cell": "a table cell of one line", "caption": "a caption",
                "table-caption": "a caption",
                "term": "a term of one line"}.get(unit.kind, "a single paragraph")
        return None, "rejected-structure", f"the translation is not {what}, as its source is"
    expected, found = facts(list(unit.inlines)), facts(inlines)
    expected["footnotes"] = Counter(f"[^{label}]" for label, _ in unit.notes)
    for code, name in CHECKS:
        if expected[code] != found[code]:
            return None, f"rejected-{code}", _difference(name, expected[code], found[code])
    notes = {label: note for label, note in unit.notes}
    return tuple(_with_notes(inlines, notes)), "", ""


def _difference(name: str, expected: Counter, found: Counter) -> str:
    lost, added = list((expected - found).elements()), list((found - expected).elements())
    parts = []
    if lost:
        parts.append("lacks " + ", ".join(_show(x) for x in lost))
    if added:
        parts.append("adds " + ", ".join(_show(x) for x in added))
    return f"the translation's {name} differ from the source: it " + " and ".join(parts)


def _show(fact) -> str:
    return repr(fact if isinstance(fact, str) else " ".join(str(x) for x in fact if x))


# What a translation must carry over from its source, in the order they are checked.
CHECKS = (("footnotes", "footnote calls"), ("links", "link targets"), ("images", "images"),
          ("values", "locale values"), ("raw", "raw HTML and raw blocks"), ("attributes", "attributes"))


def facts(inlines: list) -> dict[str, Counter]:
    """What inlines call, link to, show and carry: the facts a translation may not change."""
    found = {code: Counter() for code, _ in CHECKS}
    for node in tree.walk(inlines, tree.is_note):
        t = node["t"]
        if t == "Note":
            found["footnotes"][f"[^{_note_label(node)}]"] += 1
        elif t == "Link":
            found["links"][tree.link_target(node)] += 1
        elif t == "Image":
            found["images"][tree.link_target(node)] += 1
        elif t in ("RawInline", "RawBlock"):
            found["raw"][(node["c"][0], node["c"][1])] += 1
        if is_locale_span(node):
            found["values"][(" ".join(node["c"][0][1]), tree.stringify(node["c"][1]),
                             str(sorted(map(tuple, node["c"][0][2]))))] += 1
        node_attr = tree.attr_of(node)
        if node_attr and node_attr != ["", [], []] and not _names_language(node, node_attr):
            found["attributes"][(t, node_attr[0], " ".join(node_attr[1]), str(sorted(map(tuple, node_attr[2]))))] += 1
    return found


def _note_label(note: dict) -> str:
    """The label of a footnote stand-in in a translation: [^label]."""
    text = tree.stringify(note["c"], skip=lambda n: False)
    return text[len(NOTE_MARK):] if text.startswith(NOTE_MARK) else ""


def _names_language(node: dict, node_attr: list) -> bool:
    """A span that only says which language its words are in: a translator may add one."""
    return node["t"] == "Span" and not node_attr[0] and not node_attr[1] and len(node_attr[2]) == 1 \
        and node_attr[2][0][0] == "lang" and bool(LANG_CODE.fullmatch(node_attr[2][0][1]))


def _with_notes(inlines: list, notes: dict) -> list:
    """The translation's inlines with each footnote stand-in replaced by the source's footnote."""
    out = []
    for node in inlines:
        if node["t"] == "Note":
            out.append(notes[_note_label(node)])
            continue
        for inner in tree.children(node) if node["t"] not in tree.OPAQUE else []:
            inner[:] = _with_notes(inner, notes)
        out.append(node)
    return out


def fill(value, judged: dict[int, Judged], source_code: str, marks: bool = False, draft: bool = False):
    """A copy of a chapter's template with every unit in place: its translation, or its source marked
    with the source's language (and, with marks, with what serve's translator view shows of it).

    In a draft, source text also takes the class `fallback`, which the style sheets show to the reader.
    """
    if isinstance(value, list):
        if len(value) == 1 and is_marker(value[0]):
            return _unit_inlines(judged[value[0]["c"]], judged, source_code, marks, draft)
        return [fill(item, judged, source_code, marks, draft) for item in value]
    if isinstance(value, dict) and value.get("t") == "Image":
        image_attr, inlines, target = value["c"]
        pairs, fallback = [], None
        for key, item in image_attr[2]:
            if is_marker(item):
                found = judged[item["c"]]
                fallback = None if found.used else found
                item = found.unit.text if fallback else found.inlines[0]
            pairs.append([key, item])
        if fallback:
            pairs.append(["lang", source_code])
            pairs += [list(pair) for pair in (mark(fallback) if marks else ())]
        return tree.element("Image", [[image_attr[0], image_attr[1], pairs],
                                      fill(inlines, judged, source_code, marks, draft),
                                      list(target)])   # a copy: the transforms point it at the edition's image
    if isinstance(value, dict) and "c" in value:
        return {"t": value["t"], "c": fill(value["c"], judged, source_code, marks, draft)}
    return value


def mark(found: Judged) -> list[tuple[str, str]]:
    """What serve's translator view shows of a unit left to translate, as data attributes of its text."""
    unit = found.unit
    pairs = [("data-mieux-unit", f"{unit.stem}:{unit.index}"), ("data-mieux-state", found.state.value),
             ("data-mieux-source", f"{CHAPTERS_DIR}/{unit.stem}.md:{unit.line}"), ("data-mieux-text", unit.text)]
    if found.where is not None:
        pairs.append(("data-mieux-catalog", f"{found.where[0]}:{found.where[1]}"))
    if found.previous is not None:
        pairs.append(("data-mieux-previous", found.previous))
    if found.reason:
        pairs.append(("data-mieux-reason", found.reason))
    return pairs


def _unit_inlines(found: Judged, judged: dict[int, Judged], source_code: str, marks: bool, draft: bool) -> list:
    inlines = fill(tree.clone(list(found.inlines if found.used else found.unit.inlines)), judged, source_code, marks,
                   draft)
    if found.used:
        return inlines
    # Untranslated text is marked with its language; footnotes stay outside, in the edition's language.
    out, run = [], []
    for node in inlines + [None]:
        if node is None or node["t"] == "Note":
            if run:
                out.append(tree.span(run, classes=["fallback"] if draft else [],
                                     pairs=[("lang", source_code), *(mark(found) if marks else ())]))
                run = []
            if node is not None:
                out.append(node)
        else:
            run.append(node)
    return out
