"""Locale typography: spaces, quotes and dashes, on plain text and on a document's inlines (never inside code)."""

from __future__ import annotations

import re

NNBSP = "\u202f"   # narrow no-break space
NBSP = "\u00a0"    # no-break space
WJ = "\u2060"      # word joiner: no line break here (after the dash of a range, "2009–2019")

# Markdown that is not text: code spans, link targets, attributes, autolinks and raw HTML, URLs, footnote calls.
PROTECTED = re.compile(r"`+[^`]*`+|\]\([^)]*\)|\{[^{}]*\}|<[^<>\s][^<>]*>|https?://[^\s)\]]+|\[\^[^\]]*\]")
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")

NUMBER_RANGE = re.compile(r"(?<![\w.,\-–])(\d+)-(\d+)(?![\w\-–]|[.,]\d)")
STRAIGHT_DOUBLE = re.compile(r'"([^"\n]*)"')
APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
SINGLE = re.compile(r"(?<![\w])'([^'\n]*)'(?![\w])")

FRENCH = [
    (STRAIGHT_DOUBLE, "«" + NNBSP + r"\1" + NNBSP + "»"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
    # ; ! ? take a narrow no-break space: not in '![' (an image) or '?x' (a query string).
    (re.compile(r"(?<=[^\s\u00a0\u202f(\[«;!?])[ \u00a0]?([;!?]+)(?=[\s)\]»*_,.\ue000\ue002]|$)"), NNBSP + r"\1"),
    # ':' takes a no-break space, but not in times (10:30) or URLs, which have no space after it.
    (re.compile(r"(?<=[^\s\u00a0\u202f(\[«])[ \u202f]?:(?=\s|$)"), NBSP + ":"),
    (APOSTROPHE, "’"),
]
ENGLISH = [
    (STRAIGHT_DOUBLE, r"“\1”"),
    (APOSTROPHE, "’"),
    (SINGLE, r"‘\1’"),
]
SPANISH = [
    (STRAIGHT_DOUBLE, r"«\1»"),
    (APOSTROPHE, "’"),
]
RULES = {"fr": FRENCH, "en": ENGLISH, "es": SPANISH}


def _rules(language: str) -> list:
    return RULES.get(language.split("-")[0].split("_")[0], [])


def typeset(markdown: str, language: str) -> str:
    """Apply the typography of a language (its base code: fr, en, es...) to a unit's Markdown."""
    kept: list[str] = []

    def protect(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    text = PROTECTED.sub(protect, markdown)
    text = NUMBER_RANGE.sub(r"\1–" + WJ + r"\2", text)
    for pattern, replacement in _rules(language):
        text = pattern.sub(replacement, text)
    return PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)


NODE = re.compile("\ue002(\\d+)\ue003")
TOKEN = re.compile("(\ue002\\d+\ue003| |\n)")
# pandoc reads "…" and '…' as quotes: double ones take the language's rules (straight quotes are what they
# rewrite), or curly quotes where it has none; single ones are curly everywhere, as pandoc writes them.
QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def typeset_inlines(inlines: list, language: str) -> list:
    """Apply a language's typography to one list of inlines; the elements inside it are left as they are.

    The text is read as one run, quotes included, each other element standing as a placeholder,
    so that a rule sees "word ?" across the Space between them.
    """
    kept: list = []

    def flatten(nodes) -> str:
        out = []
        for node in nodes:
            t = node["t"]
            if t == "Str":
                out.append(node["c"])
            elif t == "Space":
                out.append(" ")
            elif t == "SoftBreak":
                out.append("\n")
            elif t == "Quoted":
                kind = node["c"][0]["t"]
                start, end = ('"', '"') if kind == "DoubleQuote" and _rules(language) else QUOTES[kind]
                out.append(start + flatten(node["c"][1]) + end)
            else:
                kept.append(node)
                out.append(f"\ue002{len(kept) - 1}\ue003")
        return "".join(out)

    text = typeset(flatten(inlines), language)
    out = []
    for token in TOKEN.split(text):
        if token == " ":
            out.append({"t": "Space"})
        elif token == "\n":
            out.append({"t": "SoftBreak"})
        elif match := NODE.fullmatch(token):
            out.append(kept[int(match.group(1))])
        elif token:
            out.append({"t": "Str", "c": token})
    return out
