"""pandoc's document tree, as its JSON: small helpers to read, build and walk it.

Elements are the dicts pandoc writes ({"t": "Para", "c": [...]}); an attribute is
[id, [classes], [[key, value], ...]]. Nothing here knows about translation.
"""

from __future__ import annotations

import copy

API_VERSION = [1, 23, 1, 1]

# Inlines and blocks whose contents are never text to transform.
OPAQUE = {"Code", "CodeBlock", "RawInline", "RawBlock", "Math"}
# Where an element keeps its attribute in "c", when it has one.
ATTR_AT = {"Span": 0, "Div": 0, "Link": 0, "Image": 0, "Code": 0, "CodeBlock": 0, "Header": 1, "Table": 0,
           "Figure": 0}


def element(kind: str, content=None) -> dict:
    return {"t": kind} if content is None else {"t": kind, "c": content}


def text(value: str) -> dict:
    return element("Str", value)


def attr(identifier: str = "", classes=(), pairs=()) -> list:
    return [identifier, list(classes), [list(p) for p in pairs]]


def span(inlines: list, identifier: str = "", classes=(), pairs=()) -> dict:
    return element("Span", [attr(identifier, classes, pairs), inlines])


def div(blocks: list, identifier: str = "", classes=(), pairs=()) -> dict:
    return element("Div", [attr(identifier, classes, pairs), blocks])


def document(blocks: list, meta: dict | None = None) -> dict:
    return {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": blocks}


def meta(value):
    """A metadata value as literal text: pandoc reads a metadata file's strings as Markdown, these it does not."""
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: meta(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"t": "MetaList", "c": [meta(v) for v in value]}
    return {"t": "MetaString", "c": str(value)}


def attr_of(node: dict) -> list | None:
    """The attribute of an element, or None when its kind has none."""
    at = ATTR_AT.get(node.get("t"))
    return None if at is None else node["c"][at]


def get(node_attr: list, key: str) -> str | None:
    return next((v for k, v in node_attr[2] if k == key), None)


def link_target(node: dict) -> str:
    """The URL of a Link or Image."""
    return node["c"][2][0]


def children(node: dict) -> list[list]:
    """The lists of inlines or blocks directly inside an element (not its attribute or target)."""
    t, c = node["t"], node.get("c")
    if t in ("Para", "Plain", "Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps",
             "BlockQuote", "Note"):
        return [c]
    if t in ("Span", "Div"):
        return [c[1]]
    if t in ("Link", "Image", "Quoted", "Cite"):
        return [c[1]]
    if t == "Header":
        return [c[2]]
    if t == "LineBlock":
        return list(c)
    if t == "BulletList":
        return list(c)
    if t == "OrderedList":
        return list(c[1])
    if t == "DefinitionList":
        return [part for term, definitions in c for part in ([term] + list(definitions))]
    if t == "Figure":
        return [c[1][1] or [], c[2]]
    if t == "Table":
        return [c[1][1]] + [cell[4] for cell in table_cells(node)]
    return []


def table_cells(node: dict) -> list:
    """Every cell of a table, head, bodies and foot, in reading order."""
    _, _, _, head, bodies, foot = node["c"]
    rows = list(head[1])
    for body in bodies:
        rows += list(body[2]) + list(body[3])
    rows += list(foot[1])
    return [cell for row in rows for cell in row[1]]


def walk(nodes: list, skip=lambda node: False):
    """Yield every element below a list of inlines or blocks, in document order, not entering skipped ones."""
    for node in nodes:
        if not isinstance(node, dict):
            continue
        yield node
        if node["t"] in OPAQUE or skip(node):
            continue
        for inner in children(node):
            yield from walk(inner, skip)


def is_note(node: dict) -> bool:
    return node["t"] == "Note"


def stringify(nodes: list, skip=is_note) -> str:
    """The plain text of inlines or blocks, as a reader would read it aloud (footnotes left out)."""
    out = []
    for node in walk(nodes, skip):
        if skip(node):
            continue
        t = node["t"]
        if t == "Str":
            out.append(node["c"])
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Code", "Math"):
            out.append(node["c"][-1])
    return "".join(out)


def clone(value):
    return copy.deepcopy(value)
