"""serve's translator view and live reload, added to the pages it serves and never to a published build.

A build with marks (Options.marks) gives each unit left to translate data attributes saying its state, its
source line, its catalog entry and, for a fuzzy unit, the source its translation was made for; and writes
each language's coverage figures beside its pages. This module turns those into a panel and highlights,
and adds the script that reloads the page when serve has rebuilt it.
"""

from __future__ import annotations

import html
import json

import lxml.html
from lxml import etree

from .coverage import coverage
from .formats import Artifact
from .render import ui_catalog_path
from .reports import word_diff
from .source import CHAPTERS_DIR
from .translate import catalog_path

FIGURES = "translator-view.json"   # beside each language's pages in serve's folder
WAIT = "/__mieux-pub__/wait"       # answers with the build's generation once it differs from ?since=

STYLE = """
#mieux-view { position: fixed; inset: auto 0.5rem 0.5rem auto; z-index: 1000; max-width: min(32rem, 95vw);
  max-height: 80vh; overflow: auto; background: #fff; color: #111; border: 2px solid #444; border-radius: 6px;
  font: 0.9rem/1.4 system-ui, sans-serif; box-shadow: 0 2px 10px rgba(0, 0, 0, 0.3); }
#mieux-view > summary { cursor: pointer; padding: 0.4rem 0.7rem; font-weight: bold; background: #eee; }
#mieux-view .mieux-view-body { padding: 0.3rem 0.7rem 0.7rem; }
#mieux-view ol { padding-left: 1.3rem; }
#mieux-view li { margin: 0.5rem 0; }
#mieux-view code { font-size: 0.85em; word-break: break-all; }
#mieux-view .mieux-view-sides { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; }
#mieux-view del { background: #fdd; } #mieux-view ins { background: #dfd; }
.mieux-state { font-weight: bold; text-transform: uppercase; font-size: 0.8em; padding: 0 0.3em; border-radius: 3px; }
.mieux-state-fuzzy { background: #ffe08a; } .mieux-state-missing { background: #ffb3b3; }
.mieux-state-rejected { background: #d9b3ff; }
body:has(#mieux-view[open]) main [data-mieux-state] { outline: 2px dashed currentColor; outline-offset: 1px; }
body:has(#mieux-view[open]) main [data-mieux-state="fuzzy"] { background: #fff3c4; }
body:has(#mieux-view[open]) main [data-mieux-state="missing"] { background: #ffe0e0; }
body:has(#mieux-view[open]) main [data-mieux-state="rejected"] { background: #eedcff; }
"""

# Waits for the next build (a long poll), then reloads; keeps the panel open or closed across reloads.
SCRIPT = """
(function () {
  var generation = %d;
  function wait() {
    fetch("%s?since=" + generation, {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (text) { if (Number(text) !== generation) { location.reload(); } else { wait(); } },
            function () { setTimeout(wait, 1000); });
  }
  var panel = document.getElementById("mieux-view");
  if (panel) {
    panel.open = localStorage.getItem("mieux-view") === "open";
    panel.addEventListener("toggle", function () { localStorage.setItem("mieux-view", panel.open ? "open" : ""); });
  }
  wait();
})();
"""


def figures(source, book) -> Artifact:
    """A language's coverage and the units that show on no chapter page (publication.yml, ui.po), for its panel."""
    if book.code == source.publication.source_language:
        data = {"source": True}
    else:
        [lang] = coverage(source, (book.code,), books=[book]).languages
        # publication.yml's fields, a figure's words, the templates' strings: each with the catalog it is in
        lacking = [(catalog_path(book.code, c.stem), item) for c in lang.chapters for item in c.lacking] \
            + [(ui_catalog_path(book.code), item) for item in lang.ui_lacking]
        data = {"source": False, "release": lang.release, "percent": lang.percent, "units": lang.units.as_dict(),
                "ui": lang.ui.as_dict(),
                "elsewhere": [{"path": item.path, "line": item.line, "state": item.state.value, "text": item.text,
                               "catalog": catalog} for catalog, item in lacking
                              if not item.path.startswith(f"{CHAPTERS_DIR}/")]}
    return Artifact(f"{book.code}/{FIGURES}", json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
                    book.code, "html")


def units(main) -> list[tuple[str, list]]:
    """The units left to translate in a page's main part, in page order: (unit, its marked elements)."""
    found: dict[str, list] = {}
    for element in main.iterfind(".//*[@data-mieux-unit]"):
        if not any(a.tag == "nav" for a in element.iterancestors()):   # the chapter's contents repeat its headings
            found.setdefault(element.get("data-mieux-unit"), []).append(element)
    return list(found.items())


def inject(page: bytes, code: str | None, data: dict | None, generation: int, landing: bool) -> bytes:
    """A served page with the translator view (its units highlighted, a panel listing them) and live reload."""
    document = lxml.html.document_fromstring(page)
    main = document.find(".//main")
    items = []
    for unit, elements in units(main) if main is not None else []:
        first = elements[0]
        anchor = "mieux-" + unit.replace(":", "-")
        if not first.get("id"):
            first.set("id", anchor)
        anchor = first.get("id")
        stem = unit.partition(":")[0]
        catalog = first.get("data-mieux-catalog") or f"{catalog_path(code, stem)} (no entry yet: run mieux-pub extract)"
        for element in elements:
            element.set("title", f"{first.get('data-mieux-state')}: {catalog}")
        items.append(_item(first.get("data-mieux-state"), catalog, first.get("data-mieux-source"),
                           first.get("data-mieux-text"), first.get("data-mieux-previous"),
                           first.get("data-mieux-reason"), f"#{anchor}"))
    elsewhere = [_item(e["state"], e["catalog"], f"{e['path']}:{e['line']}", e["text"], None, None, None)
                 for e in (data or {}).get("elsewhere", [])] if landing else []
    head, body = document.find(".//head"), document.find(".//body")
    if code is not None:   # a language's page, not the language chooser
        etree.SubElement(head, "style").text = STYLE
        body.append(lxml.html.fragment_fromstring(_panel(code, data, items, elsewhere)))
    body.append(script(generation))
    return lxml.html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8")


def script(generation: int):
    element = etree.Element("script")
    element.text = SCRIPT % (generation, WAIT)
    return element


def _item(state: str, catalog: str, source: str, text: str, previous: str | None, reason: str | None,
          href: str | None) -> str:
    label = f'<span class="mieux-state mieux-state-{_e(state)}">{_e(state)}</span>'
    head = f'<a href="{_e(href)}">{label}</a>' if href else label
    parts = [f"{head} <code>{_e(catalog)}</code> (source <code>{_e(source)}</code>)"]
    if previous is not None:
        old = "".join(_e(w) + " " if not kind else f"<del>{_e(w)}</del> " for kind, w in word_diff(previous, text)
                      if kind != "ins")
        new = "".join(_e(w) + " " if not kind else f"<ins>{_e(w)}</ins> " for kind, w in word_diff(previous, text)
                      if kind != "del")
        parts.append(f'<div class="mieux-view-sides"><div><b>translated from</b><p>{old.strip()}</p></div>'
                     f'<div><b>source now</b><p>{new.strip()}</p></div></div>')
    else:
        parts.append(f"<div>{_e(text)}</div>")
    if reason:
        parts.append(f"<div><b>why</b>: {_e(reason)}</div>")
    return f'<li data-state="{_e(state)}" data-source="{_e(source)}">' + "".join(parts) + "</li>"


def _panel(code: str, data: dict | None, items: list[str], elsewhere: list[str]) -> str:
    if data is None or data.get("source"):
        figures_ = f"{_e(code)} is the source language: nothing to translate."
    else:
        units_, ui = data["units"], data["ui"]
        figures_ = (f"{_e(code)} ({'release' if data['release'] else 'draft'}): {data['percent']:.1f} % translated; "
                    f"{units_['total']} units: {units_['translated']} translated, {units_['fuzzy']} fuzzy, "
                    f"{units_['missing']} missing, {units_['rejected']} rejected; ui.po: {ui['translated']} of "
                    f"{ui['total']}")
    listed = f"<ol>{''.join(items)}</ol>" if items else "<p>Nothing left to translate on this page.</p>"
    more = f"<h2>Elsewhere: publication.yml and ui.po</h2><ol>{''.join(elsewhere)}</ol>" if elsewhere else ""
    return (f'<details id="mieux-view" data-pagefind-ignore><summary>Translator view: {len(items)} to translate on '
            f'this page</summary><div class="mieux-view-body"><p class="mieux-view-figures">{figures_}</p>'
            f'{listed}{more}</div></details>')


def error_page(problems, generation: int) -> bytes:
    """The page every page is while the project cannot be built: its diagnostics, until the next good save."""
    lines = "\n".join(html.escape(str(d)) for d in problems)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>mieux-pub: the build failed</title>'
            f'</head><body><main><h1>The build failed</h1><p>Fix the files below and save: this page reloads '
            f'by itself.</p><pre id="mieux-problems">{lines}</pre></main>'
            f'<script>{SCRIPT % (generation, WAIT)}</script></body></html>').encode("utf-8")


def _e(text) -> str:
    return html.escape(str(text))

