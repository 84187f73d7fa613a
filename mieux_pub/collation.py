"""Sorted tables: the rows of a table marked `::: sorted` in the order of the edition's language (ICU's collation).

ICU is the one place the rules live: CLDR's collation of each language (Spanish ñ after n, accents and then
case told apart only where the letters tie), with digits compared as numbers (2 before 10).
"""

from __future__ import annotations

from functools import cache

import babel
import icu

from . import tree

SORTED = "sorted"   # the class of a fenced div whose tables are sorted by their first column


@cache
def collator(locale: str) -> icu.Collator:
    """ICU's collator for a locale (en_GB, zh_Hant): CLDR's rules for its language, the root's for one ICU lacks."""
    found = icu.Collator.createInstance(icu.Locale(locale))
    found.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return found


def sort_key(text: str, locale: babel.Locale) -> bytes:
    """What a text sorts by in a locale: ICU's sort key."""
    return collator(str(locale)).getSortKey(text)


def is_sorted_div(node: dict) -> bool:
    return node["t"] == "Div" and SORTED in node["c"][0][1]


def sort_tables(blocks: list, locale: babel.Locale) -> None:
    """Sort, in place, the body rows of every table inside a sorted div by the text of their first cell.

    The head and foot stay where they are, each row stays whole, and rows whose first cells tie keep their order.
    """
    for div in (node for node in tree.walk(blocks) if is_sorted_div(node)):
        for table in (node for node in tree.walk(div["c"][1]) if node["t"] == "Table"):
            for body in table["c"][4]:
                body[3].sort(key=lambda row: sort_key(_first_cell(row), locale))


def _first_cell(row: list) -> str:
    cells = row[1]
    return tree.stringify(cells[0][4]) if cells else ""
