"""Translators are not trusted: a hostile msgstr is refused where it is written, its unit falls back to the
source, and nothing of it reaches any output.

Every hostile row of the table is the translation of a unit of its own in one chapter added to a copy of the
sample ('essais'), so that one build serves the whole table.
"""

import gzip
import http.server
import io
import shutil
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import lxml.html
import pypdf
import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from conftest import FIXTURE
from lxml import etree

from mieux_pub import cache
from mieux_pub.build import Options, build
from mieux_pub.cli import main
from mieux_pub.diagnostics import MieuxError
from mieux_pub.source import load

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times

STEM = "essais"
PO = f"content/locales/en/LC_MESSAGES/{STEM}.po"
# What /etc/passwd would leave in an output: its first line, or the start of it as a data: URI.
PASSWD = ("root:x:0:0", "cm9vdDp4OjA6")
SAFE_SCHEMES = {"", "http", "https", "mailto"}


@dataclass(frozen=True)
class Hostile:
    """A hostile translation of one unit, and what the build must make of it."""

    name: str
    msgstr: str
    code: str | None              # the diagnostic it gets; None: harmless text that may be accepted
    payload: tuple[str, ...]      # what must reach no output file
    kind: str = "paragraph"       # the unit's block: paragraph, heading, item, quote, cell, caption, alt, footnote
    source: str = ""              # the unit's source, when it is not 'Phrase témoin <name>.'

    @property
    def witness(self) -> str:
        """Words of the source unit found in no other unit."""
        return f"témoin {self.name}"

    @property
    def msgid(self) -> str:
        """The unit as the author wrote it."""
        if self.source:
            return self.source
        word = {"heading": "Titre", "caption": "Légende", "alt": "Dessin", "footnote": "Note"}.get(self.kind, "Phrase")
        stop = "" if self.kind in ("heading", "caption", "alt") else "."
        return f"{word} {self.witness}{stop}"


ROWS = [
    # Raw HTML, however it is written.
    Hostile("script", "A sentence. <script>alert(1)</script>", "rejected-raw", ("alert(1)",)),
    Hostile("img-handler", "A sentence. <img src=x onerror=alert(2)>", "rejected-raw", ("onerror", "alert(2)")),
    Hostile("bold-handler", 'A <b onmouseover="alert(3)">bold</b> sentence.', "rejected-raw",
            ("onmouseover", "alert(3)")),
    Hostile("frame", 'A sentence. <iframe src="https://evil.example"></iframe>', "rejected-raw",
            ("iframe", "evil.example")),
    Hostile("raw-attribute", "A sentence. `<script>alert(4)</script>`{=html}", "rejected-raw", ("alert(4)",)),
    Hostile("br", "A sentence<br>broken in two.", "rejected-raw", ("broken in two",)),
    # Link targets and images the source does not have.
    Hostile("javascript-link", "A [link](javascript:alert(5)).", "rejected-links", ("javascript:", "alert(5)")),
    Hostile("javascript-autolink", "A sentence <javascript:alert(6)>.", "rejected-links",
            ("javascript:", "alert(6)")),
    Hostile("data-link", "A [link](data:text/html,<script>).", "rejected-links", ("data:text/html",)),
    Hostile("file-link", "A [link](file:///etc/passwd).", "rejected-links", ("file:", "/etc/passwd", *PASSWD)),
    Hostile("absolute-image", "A picture ![p](/etc/passwd).", "rejected-images", ("/etc/passwd", *PASSWD)),
    Hostile("relative-image", "A picture ![p](../../../../etc/passwd).", "rejected-images",
            ("etc/passwd", *PASSWD)),
    Hostile("remote-image", "A picture ![r](http://127.0.0.1:{port}/x.png).", "rejected-images", ("127.0.0.1",)),
    Hostile("changed-link", "Changed target: see [practice](pratique.md).", "rejected-links", ("Changed target",),
            source="Phrase témoin changed-link : voir [les réparations](reparations.md)."),
    # Footnote calls, locale values and attributes.
    Hostile("dropped-note", "Dropped call, without its note.", "rejected-footnotes", ("Dropped call",),
            source="Phrase témoin dropped-note, avec une note[^a]."),
    Hostile("added-note", "Added call to another note[^a].", "rejected-footnotes", ("Added call",),
            source="Phrase témoin added-note, sans note."),
    Hostile("redefined-note", "Redefined note[^a].\n\n[^a]: <script>alert(16)</script>", "rejected-footnotes",
            ("Redefined note", "alert(16)"), source="Phrase témoin redefined-note, avec une note[^a]."),
    Hostile("changed-value", "Changed value, published on [2020-12-16]{.date}.", "rejected-values",
            ("Changed value", "December 16, 2020"),
            source="Phrase témoin changed-value, publiée le [2020-12-15]{.date}."),
    Hostile("added-date", "Added date on [x]{.date}.", "rejected-values", ("Added date",)),
    Hostile("span-handler", 'A [span]{onclick="alert(7)"}.', "rejected-attributes", ("onclick", "alert(7)")),
    # Blocks where the source has one paragraph.
    Hostile("heading-msgstr", "# Heading instead", "rejected-structure", ("Heading instead",)),
    Hostile("list-msgstr", "- List instead\n- b", "rejected-structure", ("List instead",)),
    Hostile("fenced-div", "::: {.warning}\nDiv instead\n:::", "rejected-structure", ("Div instead",)),
    Hostile("footnote-cycle", "A loop[^loop].\n\n[^loop]: Again[^loop].", "rejected-structure", ("Again",)),
    Hostile("deep-nesting", "> " * 60 + "Deep inside", "rejected-structure", ("Deep inside",)),
    # Broken Markdown: harmless, so it may be accepted.
    Hostile("colon-line", "A sentence\n:::\nwith a colon line.", None, ()),
    Hostile("unbalanced-emph", "An *unbalanced emphasis.", None, ()),
    Hostile("unclosed-fence", "An unclosed fence\n```\n<script>alert(8)</script>", None, ("<script>alert(8)",)),
    # Units of every other kind.
    Hostile("heading-script", "Title <script>alert(9)</script>", "rejected-raw", ("alert(9)",), kind="heading"),
    Hostile("heading-attributes", 'Title {#evil onclick="alert(10)"}', None, ("onclick", "alert(10)"),
            kind="heading"),
    Hostile("item-script", "An item <script>alert(11)</script>", "rejected-raw", ("alert(11)",), kind="item"),
    Hostile("quote-script", "A quote <script>alert(12)</script>", "rejected-raw", ("alert(12)",), kind="quote"),
    Hostile("cell-script", "A cell <script>alert(13)</script>", "rejected-raw", ("alert(13)",), kind="cell"),
    Hostile("caption-image", "A caption ![p](/etc/passwd)", "rejected-images", ("/etc/passwd", *PASSWD),
            kind="caption"),
    Hostile("footnote-script", "A note <script>alert(14)</script>", "rejected-raw", ("alert(14)",), kind="footnote"),
    Hostile("alt-quote", '"><script>alert(15)</script>', None, ("<script>alert(15)",), kind="alt"),
]


# How each kind of unit is written in the chapter, around its msgid.
BLOCK = {"paragraph": "{}", "heading": "## {}", "item": "- {}", "quote": "> {}", "cell": "| Colonne |\n|---|\n| {} |",
         "caption": '![{}](../images/etabli.svg){{alt="Dessin"}}', "alt": '![Légende](../images/etabli.svg){{alt="{}"}}'}


def chapter(rows: list[Hostile]) -> str:
    """The 'essais' chapter: a title, then each row's unit in its own block, the footnotes last."""
    blocks = ["# Essais de confiance"]
    notes = ["[^a]: Une note appelée par une autre unité."]
    for row in rows:
        if row.kind == "footnote":
            blocks.append(f"Un appel de note[^{row.name}].")
            notes.append(f"[^{row.name}]: {row.msgid}")
        else:
            blocks.append(BLOCK[row.kind].format(row.msgid))
    return "\n\n".join(blocks + notes) + "\n"


def catalog(rows: list[Hostile], port: int) -> bytes:
    """The English catalog of 'essais': each row's msgstr on its unit, the other units untranslated."""
    po = Catalog(locale="en", project="petit-guide", version="1", fuzzy=False)
    for row in rows:
        po.add(row.msgid, row.msgstr.replace("{port}", str(port)))
    buffer = io.BytesIO()
    write_po(buffer, po, width=0)
    return buffer.getvalue()


def entry_line(po_text: str, msgid: str) -> int:
    """The line of an entry, as a PO editor shows it: its msgid's."""
    escaped = msgid.replace("\\", "\\\\").replace('"', '\\"')
    [line] = [n for n, text in enumerate(po_text.splitlines(), start=1) if text == f'msgid "{escaped}"']
    return line


def plant(root: Path, rows: list[Hostile], port: int) -> dict[str, int]:
    """Add the 'essais' chapter and its hostile catalog to a copy of the sample; return each row's PO line."""
    config = yaml.safe_load((root / "content/publication.yml").read_text(encoding="utf-8"))
    config["chapters"].append(STEM)
    (root / "content/publication.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / f"content/chapters/{STEM}.md").write_text(chapter(rows), encoding="utf-8")
    (root / PO).write_bytes(catalog(rows, port))
    with (root / PO).open("rb") as fh:
        read_po(fh, abort_invalid=True)  # the catalog is valid PO: only the msgstrs are hostile
    po_text = (root / PO).read_text(encoding="utf-8")
    return {row.name: entry_line(po_text, row.msgid) for row in rows}


class Trap(http.server.BaseHTTPRequestHandler):
    """A server on this machine that records any request: nothing may fetch a translator's URL."""

    requests: ClassVar[list[str]] = []

    def do_GET(self):
        Trap.requests.append(self.path)
        self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def trap():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass(frozen=True)
class Built:
    root: Path
    out: Path
    lines: dict[str, int]
    diagnostics: tuple
    files: dict[str, bytes]   # every output file, archives unpacked as 'archive!member'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, trap):
    """A copy of the sample with every hostile row planted, built once in HTML, EPUB and DOCX."""
    root = tmp_path_factory.mktemp("hostile") / "sample"
    shutil.copytree(FIXTURE, root)
    lines = plant(root, ROWS, trap.server_port)
    out = root.parent / "out"
    result = build(root, Options(out=out, formats=("html", "epub", "docx")))
    return Built(root, out, lines, result.diagnostics, output_files(out))


def output_files(out: Path) -> dict[str, bytes]:
    """Every file the build wrote, as its bytes: EPUB and DOCX unzipped, Pagefind's fragments unpacked.

    Pagefind's own scripts and styles are left out: they are the same in every build. So is the build cache: it
    records the build's warnings, which quote the refused translations as the terminal showed them, and is no page.
    """
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = path.relative_to(out).as_posix()
        if name.startswith("pagefind/") and path.suffix in (".js", ".css", ".pagefind") or name == cache.CACHE:
            continue
        data = path.read_bytes()
        if path.suffix in (".epub", ".docx"):
            with zipfile.ZipFile(path) as archive:
                files.update({f"{name}!{m}": archive.read(m) for m in archive.namelist()})
        elif data[:2] == b"\x1f\x8b":
            files[name] = gzip.decompress(data)
        else:
            files[name] = data
    return files


def offences(name: str, data: bytes) -> list[str]:
    """What in an output file could run, or fetch, something a translator chose: in HTML and XHTML pages,
    handlers, frames, unsafe URLs (and scripts in the EPUB, which has none of its own); in DOCX relationships,
    unsafe external targets."""
    if name.endswith(".rels"):
        return [f"relationship {target!r}" for target in etree.fromstring(data).xpath("//@Target")
                if urlsplit(target.strip()).scheme.lower() not in SAFE_SCHEMES]
    if not name.endswith((".html", ".xhtml")):
        return []
    root = lxml.html.fromstring(data) if name.endswith(".html") else etree.fromstring(data)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag in ("iframe", "object", "embed", "frame") or (tag == "script" and name.endswith(".xhtml")):
            found.append(f"<{tag}>")
        for key, value in element.attrib.items():
            key = etree.QName(key).localname
            if key.startswith("on"):
                found.append(f"{tag} {key}={value!r}")
            if key in ("href", "src") and urlsplit(value.strip()).scheme.lower() not in SAFE_SCHEMES \
                    and not value.startswith("data:image/"):
                found.append(f"{tag} {key}={value!r}")
    return found


def scripts(data: bytes) -> list[tuple[str, str]]:
    return [(s.get("src", ""), s.text or "") for s in lxml.html.fromstring(data).iter("script")]


def fallbacks(page: Path) -> list[str]:
    """The text of every element of a page marked as French, whitespace made plain."""
    root = lxml.html.parse(str(page)).getroot()
    return [" ".join(element.text_content().split()) for element in root.xpath("//*[@lang='fr']")]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_a_hostile_translation_is_refused_falls_back_and_leaks_nowhere(hostile, row):
    rejections = [(d.path, d.line, d.code) for d in hostile.diagnostics if d.code.startswith("rejected-")]
    if row.code is not None:
        assert (PO, hostile.lines[row.name], row.code) in rejections
        assert any(row.witness in text for text in fallbacks(hostile.out / "en" / f"{STEM}.html"))
    leaks = [(name, piece) for name, data in hostile.files.items() for piece in row.payload
             if piece.encode() in data]
    assert not leaks


def test_every_rejection_is_one_of_the_table(hostile):
    rejected = {(d.path, d.line) for d in hostile.diagnostics if d.code.startswith("rejected-")}
    expected = {(PO, hostile.lines[row.name]) for row in ROWS if row.code is not None}
    harmless = {(PO, hostile.lines[row.name]) for row in ROWS if row.code is None}
    assert expected <= rejected <= expected | harmless


def test_no_page_runs_or_fetches_what_a_translator_wrote(hostile):
    unsafe = {name: found for name, data in hostile.files.items() if (found := offences(name, data))}
    assert unsafe == {}


def test_english_pages_run_the_same_scripts_as_the_source_pages(hostile):
    for page in [f"{STEM}.html", "accueil.html", "index.html"]:
        english, french = hostile.files[f"en/{page}"], hostile.files[f"fr/{page}"]
        assert scripts(english) == scripts(french), page


def test_no_output_fetched_a_url_a_translator_wrote(hostile, trap):
    assert Trap.requests == []


def test_check_lists_the_same_rejections_as_the_build(hostile):
    result = CliRunner().invoke(main, ["--project", str(hostile.root), "check", "--lang", "en"],
                                catch_exceptions=False)
    listed = {tuple(line.split(": ", 2)[:2]) for line in result.output.splitlines()
              if line.startswith(f"{PO}:") and ": rejected-" in line}
    built = {(f"{d.path}:{d.line}", d.code) for d in hostile.diagnostics if d.code.startswith("rejected-")}
    assert listed == built and built


def test_no_hostile_payload_reaches_the_pdf(hostile, trap, tmp_path):
    out = tmp_path / "pdf"
    result = build(hostile.root, Options(out=out, formats=("pdf",), languages=("en",)))
    assert {d.code for d in result.diagnostics if d.code.startswith("rejected-")} \
        == {d.code for d in hostile.diagnostics if d.code.startswith("rejected-")}
    pdf = pypdf.PdfReader(out / "en" / "petit-guide-en.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    uris = [annotation.get_object().get("/A", {}).get("/URI", "")
            for page in pdf.pages for annotation in page.get("/Annots") or []]
    payload = {piece for row in ROWS for piece in row.payload}
    assert [piece for piece in payload if piece in text] == []
    assert [uri for uri in uris if urlsplit(str(uri)).scheme.lower() not in SAFE_SCHEMES] == []
    assert [uri for uri in uris if any(piece in str(uri) for piece in payload)] == []
    assert "témoin script" in text  # the refused unit is there, in French
    assert Trap.requests == []


def test_build_strict_fails_when_a_translation_is_rejected(sample):
    po = sample / "content/locales/en/LC_MESSAGES/reparations.po"
    translate(po, "Ce paragraphe n'est pas encore traduit en anglais.", "This paragraph is translated now.")
    command = ["--project", str(sample), "build", "--strict", "--format", "html"]
    assert CliRunner().invoke(main, command).exit_code == 0  # complete and clean: strict passes
    translate(po, "Une réparation commence toujours par un diagnostic.",
              "A repair always starts with a diagnosis. <script>alert(1)</script>")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    line = entry_line(po.read_text(encoding="utf-8"), "Une réparation commence toujours par un diagnostic.")
    assert f"content/locales/en/LC_MESSAGES/reparations.po:{line}: rejected-raw:" in result.output


def translate(path: Path, msgid: str, msgstr: str) -> None:
    with path.open("rb") as fh:
        po = read_po(fh)
    po[msgid].string = msgstr
    with path.open("wb") as fh:
        write_po(fh, po, width=0)


@pytest.mark.parametrize("markdown", [
    pytest.param("Un dessin ![fuite](../images/leak.svg) dans la phrase.", id="inline"),
    pytest.param("![Une fuite](../images/leak.svg)", id="figure"),
    pytest.param("![](../images/leak.svg)", id="figure-without-caption"),
])
def test_an_authors_image_linked_outside_the_project_is_refused_at_load(sample, markdown):
    (sample / "content/images/leak.svg").symlink_to("/etc/passwd")
    with (sample / "content/chapters/pratique.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n{markdown}\n")
    with pytest.raises(MieuxError) as raised:
        load(sample)
    assert [(d.path, d.line, d.code) for d in raised.value.diagnostics] \
        == [("content/chapters/pratique.md", 5, "outside-project")]


def test_a_figure_linked_outside_the_project_leaks_nothing(sample, tmp_path):
    (sample / "content/images/leak.svg").symlink_to("/etc/passwd")
    with (sample / "content/chapters/pratique.md").open("a", encoding="utf-8") as fh:
        fh.write("\n![Une fuite](../images/leak.svg)\n")
    try:
        build(sample, Options(out=tmp_path / "out", formats=("html", "epub", "docx")))
    except MieuxError:
        return  # refused: nothing was written
    files = output_files(tmp_path / "out")
    assert [(name, piece) for name, data in files.items() for piece in PASSWD if piece.encode() in data] == []


def test_hostile_translated_metadata_stays_text_in_every_output(sample, tmp_path):
    po = sample / "content/locales/en/LC_MESSAGES/publication.po"
    with po.open("rb") as fh:
        fields = [m.id for m in read_po(fh) if m.id]
    for msgid in fields:
        translate(po, msgid, "A Guide <script>alert(1)</script> [x](javascript:alert(2)) ![p](/etc/passwd)")
    out = tmp_path / "out"
    build(sample, Options(out=out, formats=("html", "epub", "docx"), languages=("en",)))
    files = output_files(out)
    unsafe = {name: found for name, data in files.items() if (found := offences(name, data))}
    unsafe.update({name: ["/etc/passwd"] for name, data in files.items() if any(p.encode() in data for p in PASSWD)})
    assert unsafe == {}
