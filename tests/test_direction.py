"""Right-to-left: dir on every output's root and on units of the other direction, isolated Latin runs,
mirrored print pages, the EPUB's page progression."""

import zipfile

import lxml.html
import pypdf
from lxml import etree

from conftest import html_page
from typeset import lines, read
from mieux_pub import tree
from mieux_pub.direction import direction, isolate_ltr, lift_directions

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def words(inlines) -> list:
    out = []
    for i, word in enumerate(inlines.split(" ")):
        out += ([{"t": "Space"}] if i else []) + [tree.text(word)]
    return out


def test_direction_comes_from_cldr():
    assert [direction(c) for c in ("ar", "fa", "he", "ur", "fr", "zh", "ja", "xx-nonsense")] == \
        ["rtl", "rtl", "rtl", "rtl", "ltr", "ltr", "ltr", "ltr"]


def test_latin_runs_are_isolated_whole_without_the_sentence_punctuation():
    out = isolate_ltr(words("مع MIEUX+، ثم Union européenne."))
    spans = [n for n in out if n["t"] == "Span"]
    assert [[c.get("c") for c in s["c"][1]] for s in spans] == [["MIEUX+"], ["Union", None, "européenne"]]
    assert all(s["c"][0][2] == [["dir", "ltr"]] for s in spans)
    texts = [n["c"] for n in out if n["t"] == "Str"]
    assert texts == ["مع", "،", "ثم", "."]


def test_a_span_holding_a_whole_block_gives_it_its_lang_and_dir():
    root = lxml.html.fromstring('<div><p><span lang="fr" dir="ltr">Texte <em>français</em></span></p>'
                                '<p>نص <span lang="fr" dir="ltr">mot</span></p></div>')
    lift_directions(root)
    whole, part = root.findall("p")
    assert (whole.get("lang"), whole.get("dir"), whole.find("span")) == ("fr", "ltr", None)
    assert whole.text_content() == "Texte français"
    assert part.get("dir") is None and part.find("span").get("dir") == "ltr"


def test_arabic_pages_are_rtl_and_french_fallback_paragraphs_ltr(mieux_build):
    page = html_page(mieux_build / "ar" / "introduction.html")
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")
    paragraphs = page.findall(".//main//p")
    assert paragraphs and all(p.get("dir") == "ltr" and p.get("lang") == "fr"
                              for p in paragraphs if p.text_content().startswith("Cette publication"))
    assert html_page(mieux_build / "zh" / "index.html").get("dir") == "ltr"
    foreword = html_page(mieux_build / "ar" / "avant-propos.html")
    assert "MIEUX+" in [s.text for s in foreword.iterfind(".//main//span[@dir='ltr']")]


def test_the_arabic_epub_reads_right_to_left(mieux_build):
    with zipfile.ZipFile(mieux_build / "ar" / "creer-des-liens-ar.epub") as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        chapters = [etree.fromstring(epub.read(n)) for n in epub.namelist() if n.endswith(".xhtml")]
    spine = opf.find("{http://www.idpf.org/2007/opf}spine")
    assert spine.get("page-progression-direction") == "rtl"
    assert chapters and all(c.get("dir") == "rtl" for c in chapters)
    fallback = [p for c in chapters for p in c.iter(f"{XHTML}p") if p.get("dir") == "ltr"]
    assert fallback and all(p.get("lang") == p.get(XML_LANG) == "fr" for p in fallback)


def heads(pdf: pypdf.PdfReader, text: str) -> list[tuple[int, float]]:
    """(page index, x) of each line that is exactly `text` in the top 12 % of a page: its running head."""
    height, width = float(pdf.pages[0].mediabox.height), float(pdf.pages[0].mediabox.width)
    return [(line.page, line.x / width) for line in lines(pdf) if line.text == text and line.y > height * 0.88]


def test_running_heads_are_at_the_outer_corner_of_mirrored_pages(mieux_build):
    """The chapter's head is on the recto: a right-hand page at its top right in English, a left-hand page
    at its top left in Arabic (whose first page is a left-hand one)."""
    english = heads(read(mieux_build / "en" / "creer-des-liens-en.pdf"), "Introduction")
    arabic = heads(read(mieux_build / "ar" / "creer-des-liens-ar.pdf"), "مقدمة")   # ar introduction.po
    assert english and all(x > 0.5 for _, x in english)
    assert arabic and all(x < 0.5 for _, x in arabic)
    # Rectos: odd page numbers in both books, the first page being a right-hand one in English and a
    # left-hand one in Arabic.
    assert all(i % 2 == 0 for i, _ in english + arabic)


def test_a_drafts_fallback_span_gives_a_whole_block_its_class_and_lang_in_either_direction():
    root = lxml.html.fromstring('<div><p><span class="fallback" lang="fr">Texte</span></p>'
                                '<p class="note"><span class="fallback" lang="fr" dir="ltr">Texte</span></p>'
                                '<p>Text <span class="fallback" lang="fr">mot</span></p>'
                                '<p><span lang="fr">Texte</span></p></div>')
    lift_directions(root)
    whole, other_way, part, release = root.findall("p")
    assert (whole.get("class"), whole.get("lang"), whole.find("span")) == ("fallback", "fr", None)
    assert (other_way.get("class"), other_way.get("dir"), other_way.find("span")) == ("note fallback", "ltr", None)
    assert part.get("class") is None and part.find("span").get("class") == "fallback"
    assert release.get("lang") is None and release.find("span").get("lang") == "fr"   # a release's: left as it is
