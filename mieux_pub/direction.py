"""Writing direction: which way a language reads, and the marks that keep mixed-direction text in order.

In a right-to-left edition, text of the other direction (a unit that fell back to French, a Latin acronym,
"MIEUX+", a year range) is isolated with `dir`, so that the Unicode bidi algorithm neither moves its
punctuation to the wrong end nor reorders its words.
"""

from __future__ import annotations

import re
from functools import cache

import babel

from . import tree
from .config import gettext_code

# A run of left-to-right text inside a Str: it starts with a Latin, Greek or Cyrillic letter or a digit and
# goes on up to a space or a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko and their forms).
RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
LTR_RUN = re.compile(rf"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff][^\s{RTL_LETTERS}]*")
CLOSING = ".,;:!?)]}»”’…\"'"   # sentence punctuation after a run belongs to the sentence, not to the run
BLOCKS = ("p", "li", "td", "th", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote")


@cache   # asked for every element that carries a lang
def direction(code: str) -> str:
    """'rtl' or 'ltr' for a language code (BCP 47 or gettext spelling); 'ltr' when CLDR does not know it."""
    try:
        locale = babel.Locale.parse(gettext_code(code))
    except (ValueError, babel.UnknownLocaleError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def mark_directions(blocks: list, code: str) -> None:
    """Give `dir` to every element whose `lang` reads the other way than the edition's, in place."""
    edition = direction(code)
    for node in tree.walk(blocks):
        node_attr = tree.attr_of(node)
        lang = tree.get(node_attr, "lang") if node_attr else None
        if lang and tree.get(node_attr, "dir") is None and direction(lang) != edition:
            node_attr[2].append(["dir", direction(lang)])


def isolate_ltr(inlines: list) -> list:
    """Wrap each left-to-right run of a right-to-left list of inlines, words and the spaces between them,
    in a span with dir="ltr"."""
    out, run = [], []

    def close():
        spaces = []
        while run and run[-1]["t"] == "Space":
            spaces.append(run.pop())
        if run:
            out.append(tree.span(list(run), pairs=[("dir", "ltr")]))
        out.extend(spaces)
        run.clear()

    for node in inlines:
        if node["t"] == "Str":
            for piece, ltr in _pieces(node["c"]):
                if ltr:
                    run.append(tree.text(piece))
                else:
                    close()
                    out.append(tree.text(piece))
        elif node["t"] == "Space" and run:
            run.append(node)
        else:
            close()
            out.append(node)
    close()
    return out


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Split a word into its left-to-right runs (True) and the rest (False)."""
    pieces, at = [], 0
    for match in LTR_RUN.finditer(text):
        run = match.group(0).rstrip(CLOSING) or match.group(0)
        end = match.start() + len(run)
        if match.start() > at:
            pieces.append((text[at:match.start()], False))
        pieces.append((run, True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def lift_directions(root) -> None:
    """Put the lang and dir of a span that holds a whole block (a unit that fell back) on the block itself, with
    its class `fallback` in a draft, and those of every item of a list on the list.

    `root` is an lxml tree of HTML or XHTML: a paragraph in French in an Arabic book then starts on the left, and a
    draft's untranslated paragraph is marked as a whole, not line by line.
    """
    for span in list(root.iter("{*}span")):
        block = span.getparent()
        fallback = span.get("class") == "fallback"
        if ((span.get("dir") or fallback) and span.get("lang") and block is not None and _local(block.tag) in BLOCKS
                and not (block.text or "").strip() and not (span.tail or "").strip() and len(block) == 1
                and not block.get("dir")):
            for name in [n for n in span.attrib if n == "dir" or n.endswith("lang") or (fallback and n == "class")]:
                value = span.attrib.pop(name)
                block.set(name, f"{block.get(name)} {value}" if name == "class" and block.get(name) else value)
            if not span.attrib:   # the block's only content: the span's words take its place
                block.text = (block.text or "") + (span.text or "")
                block.extend(list(span))
                block.remove(span)
    # A list whose every item fell back is in the items' direction as a whole: its markers go to their side.
    for items in [e for e in root.iter() if _local(e.tag) in ("ul", "ol") and not e.get("dir")]:
        marks = {_marks(li) for li in items if _local(li.tag) == "li"}
        if len(marks) == 1 and (mark := marks.pop())[0] is not None:
            for li in items:
                for name, _ in mark[1]:
                    del li.attrib[name]
                del li.attrib["dir"]
            items.set("dir", mark[0])
            for name, value in mark[1]:
                items.set(name, value)


def _marks(element) -> tuple:
    """An element's dir and its lang attributes (lang, xml:lang)."""
    return element.get("dir"), tuple(sorted((n, v) for n, v in element.attrib.items() if n.endswith("lang")))


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
