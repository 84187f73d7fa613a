"""Transforms over a chapter's document in one language: links, images, locale values, sorted tables, typography.

Each is a function over the tree's lists of inlines; none enters code, raw markup or math,
and each knows the language of the text it touches (a fallback span is in the source's).
"""

from __future__ import annotations

from . import tree
from .collation import sort_tables
from .diagnostics import Diagnostic, error
from .figures import edition_path
from .direction import direction, isolate_ltr, mark_directions
from .localize import ValueProblem, format_span
from .source import Chapter, Source, resolve, resolve_image
from .typography import typeset, typeset_inlines
from .units import is_locale_span


def inline_lists(value, language: str):
    """Yield (list of inlines, its language) for every list of inlines in blocks, outermost first."""
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "t" in v for v in value) and _inline(value[0]):
            yield value, language
        for item in value:
            yield from inline_lists(item, language)
        return
    if not isinstance(value, dict) or value.get("t") in tree.OPAQUE or "c" not in value or is_locale_span(value):
        return
    node_attr = tree.attr_of(value)
    language = (tree.get(node_attr, "lang") if node_attr else None) or language
    yield from inline_lists(value["c"], language)


INLINES = {"Str", "Space", "SoftBreak", "LineBreak", "Emph", "Strong", "Underline", "Strikeout", "Superscript",
           "Subscript", "SmallCaps", "Quoted", "Cite", "Code", "Math", "RawInline", "Link", "Image", "Note", "Span"}


def _inline(node: dict) -> bool:
    return node["t"] in INLINES


def localize_edition(blocks: list, source: Source, chapter: Chapter, code: str) -> list[Diagnostic]:
    """Point links and images at their targets, format locale values, sort the tables marked for it, set typography
    and directions, in place."""
    problems = []
    for inlines, language in list(inline_lists(blocks, code)):
        known = source.publication.language(language) if _known(source, language) else None
        for node in inlines:
            if node["t"] == "Link":
                resolved, _ = resolve(source, chapter, tree.link_target(node))
                if resolved is not None:
                    node["c"][2][0] = resolved
            elif node["t"] == "Image":
                resolved, _ = resolve_image(source, tree.link_target(node))
                node["c"][2][0] = "../" + edition_path(source.root, resolved, code) if resolved else ""
                node["c"][0][2] = [[k, typeset(v, language) if k == "alt" else v] for k, v in node["c"][0][2]]
            elif is_locale_span(node) and known is not None:
                try:
                    node["c"][1] = [tree.text(format_span(node, known.locale, known.numbering_system))]
                    node["c"][0][2] = []  # the options are spent: they are not the reader's
                except ValueProblem as exc:
                    problems.append(error(chapter.path, None, "bad-value", f"{code}: {exc}"))
        inlines[:] = typeset_inlines(inlines, language)
        if direction(language) == "rtl":
            inlines[:] = isolate_ltr(inlines)
    sort_tables(blocks, source.publication.language(code).locale)
    mark_directions(blocks, code)
    return problems


def _known(source: Source, code: str) -> bool:
    return any(lang.code == code for lang in source.publication.languages)
