"""Properties of reading, judging and filling any modest chapter, checked on generated Markdown.

Each example is a chapter: a title, then paragraphs (words, emphasis, code spans, links, footnote
calls), bullet items, block quotes and fenced code blocks holding what looks like Markdown. It is
read as `load` reads chapters, judged in the source language and in an identity translation (every
msgstr is its msgid), and filled; no publication is built.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from mieux_pub import catalogs, config, pandoc, tree
from mieux_pub.catalogs import Catalog, State
from mieux_pub.source import Chapter, Source
from mieux_pub.transform import localize_edition
from mieux_pub.translate import catalog_path, fill, judge
from mieux_pub.units import template

STEM = "genere"
FR, EN = config.Language("fr"), config.Language("en")
PUBLICATION = config.Publication(id="essai", date=datetime.date(2020, 12, 15), source_language="fr",
                                 languages=(FR, EN), entries=(config.Entry(STEM),), fields=())
EXAMPLES = settings(max_examples=25, deadline=None)

WORDS = ["atelier", "réparer", "l'outil", "pièce", "vis", "écrou", "fer", "câble", "objet", "neuf", "prix",
         "ça", "œuvre", "Zoé", "déjà", "2020", "pannes", "courant", "gestes", "base"]
PUNCTUATION = ["", "", "", ",", ".", " ?", " :", " !", ";"]
# What code holds: Markdown and typography that must stay exactly as written.
CODE_PIECES = ["[2020-12-15]{.date}", "[^9]", "[1234.5]{.number}", "*x*", "<b>", "a -- b", "'q'", '"q"', "x ?",
               "l'outil", "...", "#", "{.x}", "  ", "y", "0.5", "::"]


@dataclass(frozen=True)
class Generated:
    markdown: str
    code: tuple[str, ...]    # the text of each code span and code block, as written


@st.composite
def code_texts(draw) -> str:
    text = "".join(draw(st.lists(st.sampled_from(CODE_PIECES), min_size=1, max_size=4))).strip() or "y"
    # A code line that looks like a footnote calling itself makes the chapter unreadable, a known bug
    # pinned by test_a_code_block_showing_a_self_calling_footnote_is_read_as_code: drop this when it passes.
    return "y" + text if text.startswith("[^9]:") else text


@st.composite
def inline_runs(draw, code: list, notes: list | None) -> str:
    """A line of inlines: words with punctuation, emphasis, strong, code spans, links to #x, and footnote calls
    unless notes is None."""
    kinds = ["word", "word", "word", "emph", "strong", "code", "link"] + (["note"] if notes is not None else [])
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(kinds))
        word = draw(st.sampled_from(WORDS))
        if kind == "emph":
            parts.append(f"*{word} {draw(st.sampled_from(WORDS))}*")
        elif kind == "strong":
            parts.append(f"**{word}**")
        elif kind == "code":
            text = draw(code_texts())
            code.append(text)
            parts.append(f"`{text}`")
        elif kind == "link":
            parts.append(f"[{word}](#x)")
        elif kind == "note":
            label = str(len(notes) + 1)
            notes.append(label)
            parts.append(f"{word}[^{label}]")
        else:
            parts.append(word + draw(st.sampled_from(PUNCTUATION)))
    return " ".join(parts)


@st.composite
def chapters(draw) -> Generated:
    code, notes = [], []
    blocks = ["# " + " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["paragraph", "items", "quote", "code"]))
        if kind == "paragraph":
            lines = draw(st.lists(inline_runs(code, notes), min_size=1, max_size=3))
            blocks.append("\n".join(lines))
        elif kind == "items":
            items = draw(st.lists(st.lists(inline_runs(code, notes), min_size=1, max_size=2),
                                  min_size=1, max_size=3))
            blocks.append("\n".join("- " + "\n  ".join(lines) for lines in items))  # continuation lines indented
        elif kind == "quote":
            lines = draw(st.lists(inline_runs(code, notes), min_size=1, max_size=2))
            blocks.append("\n".join("> " + line for line in lines))
        else:
            lines = draw(st.lists(code_texts(), min_size=1, max_size=3))
            code.append("\n".join(lines))
            blocks.append("```\n" + "\n".join(lines) + "\n```")
    for label in notes:  # a note's text calls no note
        blocks.append(f"[^{label}]: " + draw(inline_runs(code, None)))
    return Generated("\n\n".join(blocks) + "\n", tuple(code))


@dataclass(frozen=True)
class Edition:
    blocks: list
    judged: tuple
    problems: list

    @property
    def html(self) -> str:
        return pandoc.to_html(tree.document(self.blocks), "the generated chapter")


def edition(markdown: str, language: config.Language, translated: bool = True, localized: bool = False) -> Edition:
    """The chapter in a language: judged against a catalog whose every msgstr is its msgid (or an empty one)."""
    [doc] = pandoc.read([markdown], f"content/chapters/{STEM}.md", sourcepos=True)
    chapter = Chapter(config.Entry(STEM), f"content/chapters/{STEM}.md", markdown, template(STEM, markdown, doc), {})
    source = Source(Path(__file__).parent, PUBLICATION, (chapter,))
    path = catalog_path(language.code, STEM)
    entries = {u.text: catalogs.Entry(u.text, u.text, False, n) for n, u in enumerate(chapter.units, start=1)}
    judged, problems = judge(source, language, {STEM: Catalog(path, entries if translated else {})})
    blocks = fill(list(chapter.template.blocks), {j.unit.index: j for j in judged[STEM]}, "fr")
    if localized:
        problems += localize_edition(blocks, source, chapter, language.code)
    return Edition(blocks, judged[STEM], problems)


def code_of(blocks: list) -> Counter:
    return Counter(node["c"][-1] for node in tree.walk(blocks) if node["t"] in ("Code", "CodeBlock"))


def plain(block: dict) -> str:
    """A block's text as a reader reads it (a code block's as written), whitespace made plain."""
    return " ".join((block["c"][1] if block["t"] == "CodeBlock" else tree.stringify([block])).split())


def reader_text(html: str) -> str:
    """The text a reader sees, footnote numbers and back links left out, whitespace made plain."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in root.xpath("//a[contains(@class, 'footnote-ref') or contains(@class, 'footnote-back')]"):
        anchor.drop_tree()
    return " ".join(root.text_content().split())


@EXAMPLES
@given(chapters())
def test_an_identity_translation_is_accepted_and_reads_as_the_source(chapter):
    source, identity = edition(chapter.markdown, FR), edition(chapter.markdown, EN)
    assert identity.problems == []
    assert [(j.unit.line, j.state) for j in identity.judged] == [(j.unit.line, State.TRANSLATED)
                                                                 for j in identity.judged]
    html = identity.html
    assert 'lang="fr"' not in html
    assert html == source.html


@EXAMPLES
@given(chapters())
def test_code_is_kept_byte_for_byte_in_every_edition(chapter):
    expected = Counter(chapter.code)
    for language in (FR, EN):
        for translated in (True, False):
            filled = edition(chapter.markdown, language, translated, localized=True)
            assert code_of(filled.blocks) == expected, (language.code, translated)


@EXAMPLES
@given(chapters())
def test_no_text_of_the_source_is_dropped(chapter):
    [doc] = pandoc.read([chapter.markdown], "the generated chapter")
    blocks = [node for node in tree.walk(doc["blocks"]) if node["t"] in ("Header", "Para", "Plain", "CodeBlock")]
    for translated in (True, False):
        text = reader_text(edition(chapter.markdown, EN, translated).html)
        missing = [plain(block) for block in blocks if plain(block) not in text]
        assert missing == [], translated


def test_a_code_block_showing_a_self_calling_footnote_is_read_as_code():
    markdown = "# Titre\n\n```\n[^9]: see [^9]\n```\n"
    assert code_of(edition(markdown, FR).blocks) == Counter(["[^9]: see [^9]"])
