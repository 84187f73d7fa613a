"""Properties of reading, judging and filling any modest chapter, checked on generated Markdown; and of
reading and updating any catalog, checked on generated catalogs and edits.

Each chapter example is a title, then paragraphs (words, emphasis, code spans, links, footnote
calls), bullet items, block quotes and fenced code blocks holding what looks like Markdown. It is
read as `load` reads chapters, judged in the source language and in an identity translation (every
msgstr is its msgid), and filled; no publication is built.

Each catalog example is written as a PO editor writes it, then by GNU msgcat and msgmerge, and read
back; and a tiny publication goes through turns of an author's edits, a translator's work and extract.
"""

import datetime
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mieux_pub import catalogs, config, pandoc, tree
from mieux_pub.catalogs import Catalog, State
from mieux_pub.extract import extract
from mieux_pub.source import Chapter, Source, load
from mieux_pub.transform import localize_edition
from mieux_pub.translate import catalog_path, fill, judge
from mieux_pub.units import template

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times

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


# Catalogs: what GNU gettext writes, read back exactly; and extract, however the source changes, never loses
# a translation.

DATE = datetime.datetime(2020, 12, 15, tzinfo=datetime.UTC)
WIDTHS = [0, 20, catalogs.GNU_WIDTH]   # msgmerge's --no-wrap, a narrow width that wraps everything, the default
# Any character a PO file holds: not NUL, and not EOT (gettext's context separator); the ones that need escaping
# often.
PO_CHARACTERS = st.one_of(st.sampled_from('"\\\n\t\r\x07\x08\x0b\x0c #|%{}*`'),
                          st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"))
@dataclass(frozen=True)
class Written:
    """A catalog entry as a translator's PO editor writes it."""

    msgid: str
    msgstr: str
    fuzzy: bool = False
    previous: str | None = None
    comment: str | None = None


def po_text(min_size: int = 0):
    return st.text(PO_CHARACTERS, min_size=min_size, max_size=40)


@st.composite
def written_catalogs(draw) -> tuple[list[Written], dict[str, str]]:
    """Active entries (translated, fuzzy with a former msgid, untranslated; some with a translator comment) and
    obsolete ones."""
    active = []
    for msgid in draw(st.lists(po_text(1), min_size=1, max_size=6, unique=True)):
        msgstr = draw(po_text())
        if msgstr:  # GNU gettext wants a translation to start and end with a newline when its msgid does
            msgstr = "\n" * msgid.startswith("\n") + msgstr.strip("\n") + "\n" * msgid.endswith("\n")
        fuzzy = bool(msgstr) and draw(st.booleans())
        previous = draw(st.none() | po_text(1)) if fuzzy else None
        comment = draw(st.none() | st.text(st.sampled_from("abc é.:"), min_size=1, max_size=12).map(str.strip))
        active.append(Written(msgid, msgstr, fuzzy, previous, comment or None))
    obsolete = draw(st.dictionaries(po_text(1), po_text(1), max_size=3))
    return active, {k: v for k, v in obsolete.items() if k not in {e.msgid for e in active}}


def quoted(text: str) -> str:
    """A PO string: only backslash, quote, newline, tab and carriage return need escaping."""
    for char, escape in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        text = text.replace(char, escape)
    return f'"{text}"'


def po_file(header: str, active: list[Written], obsolete: dict[str, str]) -> bytes:
    lines = [header, ""]
    for entry in active:
        lines += [f"# {entry.comment}"] if entry.comment else []
        lines += ["#, fuzzy"] if entry.fuzzy else []
        lines += [f"#| msgid {quoted(entry.previous)}"] if entry.previous is not None else []
        lines += [f"msgid {quoted(entry.msgid)}", f"msgstr {quoted(entry.msgstr)}", ""]
    for msgid, msgstr in obsolete.items():
        lines += [f"#~ msgid {quoted(msgid)}", f"#~ msgstr {quoted(msgstr)}", ""]
    return "\n".join(lines).encode("utf-8")


HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"'


def msgcat(data: bytes, width: int) -> bytes:
    """The catalog as GNU gettext writes it."""
    wrapping = ["--no-wrap"] if width <= 0 else [f"--width={width}"]
    result = subprocess.run(["msgcat", *wrapping, "-"], input=data, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def read_back(data: bytes) -> tuple[dict, dict, dict]:
    """What mieux-pub reads from a catalog: its entries; and what Babel reads: translator comments, obsolete entries."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "genere.po").write_bytes(data)
        catalog, problems = catalogs.read_catalog(Path(folder), "genere.po")
    assert problems == []
    babel = catalogs.babel_read(data)
    comments = {m.id: [c for c in m.user_comments if not c.startswith("|")] for m in babel if m.id}
    return ({e.msgid: (e.msgstr, e.fuzzy, e.previous) for e in catalog.entries.values()}, comments,
            {m.id: m.string for m in babel.obsolete.values()})


@settings(max_examples=50, deadline=None)
@given(written_catalogs(), st.sampled_from(WIDTHS))
def test_a_catalog_reads_back_as_written_through_msgcat_and_msgmerge(written, width):
    active, obsolete = written
    expected = ({e.msgid: (e.msgstr, e.fuzzy, e.previous) for e in active},
                {e.msgid: [e.comment] if e.comment else [] for e in active}, obsolete)
    canonical = msgcat(po_file(HEADER, active, obsolete), width)
    assert read_back(canonical) == expected
    template = catalogs.collect(STEM, [(e.msgid, (f"content/chapters/{STEM}.md", n), "")
                                       for n, e in enumerate(active, start=1)])
    merged = catalogs.merge(canonical, template, DATE, None, width)
    assert read_back(merged) == expected
    assert catalogs.merge(merged, template, DATE, None, width) == merged


def test_a_previous_msgid_written_over_lines_keeps_a_line_separator():
    """Babel's denormalize splits lines with str.splitlines(), which also breaks at U+2028 (and \\x1c-\\x1e, \\x85,
    U+2029): previous_msgid must join the '#|' lines itself."""
    previous = "Line one\nLine\u2028two"
    merged = msgcat(po_file(HEADER, [Written("m", "s", True, previous)], {}), catalogs.GNU_WIDTH)
    assert b'#| "Line\xe2\x80\xa8two"' in merged   # written over two lines, the separator as it is
    entries, _, _ = read_back(merged)
    assert entries["m"] == ("s", True, previous)


UNIT_WORDS = ["atelier", "vis", "écrou", "câble", "pièce", "outil", "courant", "gestes", "prix", "objet"]
CHAPTER_STEMS = ("un", "deux")


@st.composite
def paragraphs(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(UNIT_WORDS), min_size=2, max_size=6))).capitalize() + "."


# What happens between two runs of extract: the author changes the source, the translator the catalogs.
ACTIONS = st.one_of(
    st.tuples(st.just("change a word"), st.sampled_from(CHAPTER_STEMS), st.integers(0, 99), st.integers(0, 9),
              st.sampled_from(UNIT_WORDS)),
    st.tuples(st.just("delete a paragraph"), st.sampled_from(CHAPTER_STEMS), st.integers(0, 99)),
    st.tuples(st.just("restore the last deleted"),),
    st.tuples(st.just("add a paragraph"), st.sampled_from(CHAPTER_STEMS), paragraphs()),
    st.tuples(st.just("move a paragraph"), st.integers(0, 99)),
    st.tuples(st.just("translate"), st.sampled_from(CHAPTER_STEMS), st.integers(0, 99), st.booleans()),
)


class Project:
    """A tiny publication (fr, translated into en) that an author and a translator change in turns."""

    def __init__(self, root: Path, chapters: dict[str, list[str]]):
        self.root, self.chapters, self.deleted = root, chapters, []
        self.kept = {stem: set() for stem in chapters}   # what the translator wrote and has not replaced since
        self.count = 0
        (root / "content" / "chapters").mkdir(parents=True)
        (root / "content" / "publication.yml").write_text(
            "id: essai\ntitle: Essai\ndescription: Un essai.\npublisher: Atelier\ndate: 2020-12-15\n"
            "source_language: fr\nlanguages:\n  - {code: fr}\n  - {code: en}\n"
            f"chapters: [{', '.join(chapters)}]\n", encoding="utf-8")

    def catalog(self, stem: str) -> Path:
        return self.root / catalog_path("en", stem)

    def extract(self) -> None:
        for stem, paragraphs in self.chapters.items():
            text = "\n\n".join([f"# Chapitre {stem}"] + paragraphs) + "\n"
            (self.root / "content" / "chapters" / f"{stem}.md").write_text(text, encoding="utf-8")
        extract(load(self.root))

    def act(self, action: tuple) -> None:
        kind, *args = action
        if kind == "change a word":
            stem, index, position, word = args
            if self.chapters[stem]:
                index %= len(self.chapters[stem])
                words = self.chapters[stem][index].rstrip(".").split()
                words[position % len(words)] = word
                self.chapters[stem][index] = " ".join(words).capitalize() + "."
        elif kind == "delete a paragraph":
            stem, index = args
            if self.chapters[stem]:
                index %= len(self.chapters[stem])
                self.deleted.append((stem, index, self.chapters[stem].pop(index)))
        elif kind == "restore the last deleted" and self.deleted:
            stem, index, paragraph = self.deleted.pop()
            self.chapters[stem].insert(min(index, len(self.chapters[stem])), paragraph)
        elif kind == "add a paragraph":
            stem, paragraph = args
            self.chapters[stem].append(paragraph)
        elif kind == "move a paragraph" and self.chapters["un"]:
            self.chapters["deux"].append(self.chapters["un"].pop(args[0] % len(self.chapters["un"])))
        elif kind == "translate":
            self.translate(*args)

    def translate(self, stem: str, index: int, review: bool) -> None:
        """Write a new translation into one entry, as a PO editor does; reviewed, it is no longer fuzzy."""
        data = self.catalog(stem).read_bytes()
        babel = catalogs.babel_read(data)
        active = [Written(m.id, m.string, m.fuzzy, catalogs.previous_msgid(m)) for m in babel if m.id]
        if not active:
            return
        index %= len(active)
        self.count += 1
        chosen = active[index]
        self.kept[stem].discard(chosen.msgstr)
        active[index] = Written(chosen.msgid, f"Translation {self.count}.", chosen.fuzzy and not review,
                                chosen.previous if chosen.fuzzy and not review else None)
        self.kept[stem].add(active[index].msgstr)
        header = data.decode("utf-8").split("\n\n", 1)[0]
        obsolete = {m.id: m.string for m in babel.obsolete.values()}
        self.catalog(stem).write_bytes(po_file(header, active, obsolete))

    def lost(self) -> dict[str, set[str]]:
        """The translations a catalog no longer holds, as an entry's msgstr or an obsolete one's."""
        lost = {}
        for stem, kept in self.kept.items():
            babel = catalogs.babel_read(self.catalog(stem).read_bytes())
            held = {m.string for m in babel} | {m.string for m in babel.obsolete.values()}
            lost[stem] = kept - held
        return {stem: missing for stem, missing in lost.items() if missing}


@settings(max_examples=25, deadline=None)
@given(st.lists(paragraphs(), min_size=1, max_size=4), st.lists(paragraphs(), max_size=3),
       st.lists(ACTIONS, min_size=1, max_size=8))
def test_extract_never_loses_a_translation(first, second, actions):
    with tempfile.TemporaryDirectory() as folder:
        project = Project(Path(folder), {"un": first, "deux": second})
        project.extract()
        for stem in CHAPTER_STEMS:   # a translated publication, as it is when the author starts changing it
            for index in range(1 + len(project.chapters[stem])):
                project.translate(stem, index, review=True)
        project.extract()
        for action in actions:
            project.act(action)
            project.extract()
            assert project.lost() == {}, action
