"""Pseudo-localization: the source stretched by about a third and accented, to see layouts break early.

Only the words change: markup, footnotes, link targets, code and locale values stay as they are,
so a pseudo edition shows where a longer translation will not fit and where text escaped translation.
"""

from __future__ import annotations

import re
from gettext import NullTranslations

from . import tree
from .units import is_locale_span

ACCENTS = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        "áƀçđéƒĝĥíĵķļɱñóƥʠŕšţúṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖƤɊŔŠŢÜṼŴẊÝŽ")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\w*\}")


def word(text: str) -> str:
    """A word accented, every third letter doubled: 'réparation' gives 'ŕééƥáŕŕáţííóñ'."""
    out = []
    for i, char in enumerate(text):
        out.append(char)
        if char.isalpha() and i % 3 == 1:
            out.append(char)
    return "".join(out).translate(ACCENTS)


def text(value: str) -> str:
    """Plain text pseudo-localized word by word; placeholders such as %(name)s are kept."""
    pieces = PLACEHOLDER.split(value)
    kept = PLACEHOLDER.findall(value)
    out = [" ".join(word(w) for w in piece.split(" ")) for piece in pieces]
    return "".join(p + k for p, k in zip(out, kept + [""]))


def blocks(value: list) -> list:
    """Pseudo-localize a document's words in place: never code, raw markup, math or locale values."""
    for node in tree.walk(value, is_locale_span):
        if node["t"] == "Str":
            node["c"] = word(node["c"])
        elif node["t"] == "Image":
            node["c"][0][2] = [[k, text(v) if k == "alt" else v] for k, v in node["c"][0][2]]
    return value


class Translations(NullTranslations):
    """The templates' strings, pseudo-localized."""

    def gettext(self, message: str) -> str:
        return text(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return text(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return text(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return text(singular if n == 1 else plural)
