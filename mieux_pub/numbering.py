"""Number the figures and tables of one edition: the same numbers in every language and format, the words in the
edition's language (the templates' floats.html), the digits in its numbering system."""

from __future__ import annotations

from collections import Counter

import lxml.html

from . import tree
from .config import Language
from .localize import format_number
from .source import Chapter, Source, resolve
from .typography import NBSP
from .units import numbered


def number_floats(chapters: list[tuple[Chapter, list]], source: Source, language: Language, words) -> None:
    """Label each figure's and captioned table's caption ('Figure 3: …') and each source line ('Source: …'), and
    give each link without words to one of them its label, in place. `words` is floats.html's module."""
    labels, counts = {}, Counter()
    taken = {identifier for chapter in source.chapters for identifier in chapter.ids.values()}
    for _, blocks in chapters:
        for kind, node in numbered(blocks):
            counts[kind] += 1
            label = ui_inlines(getattr(words, kind)(format_number(counts[kind], language.locale,
                                                                   numbers=language.numbering_system)))
            caption = node["c"][1][1][0]["c"]
            caption[:0] = [tree.span(label, classes=["float-label"]), tree.text(":"), tree.element("Space")]
            if not node["c"][0][0]:   # listed all the same: the lists link to it
                node["c"][0][0] = _free(f"{kind}-{counts[kind]}", taken)
            labels[node["c"][0][0]] = label
        for node in tree.walk(blocks, tree.is_note):
            if node["t"] == "Span" and node["c"][0][1] == ["source-label"] and not node["c"][1]:
                node["c"][1] = ui_inlines(words.source())
    for chapter, blocks in chapters:
        for node in tree.walk(blocks):
            if node["t"] == "Link" and not node["c"][1]:
                resolved, _ = resolve(source, chapter, tree.link_target(node))
                if resolved and resolved[1:] in labels:
                    node["c"][1] = tree.clone(labels[resolved[1:]])
                    node["c"][0][1].append("xref")


def _free(identifier: str, taken: set[str]) -> str:
    found, n = identifier, 1
    while found in taken:
        n += 1
        found = f"{identifier}-{n}"
    taken.add(found)
    return found


def ui_inlines(markup) -> list:
    """A ui string a template rendered, as inlines that do not break: marked as English when shown in English."""
    root = lxml.html.fragment_fromstring(str(markup), create_parent="span")
    words = [tree.text(" ".join(root.text_content().split()).replace(" ", NBSP))]
    english = root.find("span[@lang]")
    return [tree.span(words, pairs=[("lang", english.get("lang"))])] if english is not None else words
