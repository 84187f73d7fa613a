"""Figures in every language: an SVG's words are units of the chapters that show it, and each edition shows its own
copy of the SVG in its words, its numbers formatted; a raster image may have a version per language."""

import io
import zipfile

import pypdf
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from mieux_pub.cli import main
from mieux_pub.coverage import coverage
from mieux_pub.figures import translated_svg
from mieux_pub.source import load

from conftest import html_page

SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FIGURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" font-family="sans-serif">
  <title>Un établi</title>
  <desc>Les outils rangés sur l'établi</desc>
  <text x="10" y="20">
    <tspan x="10" dy="0">Marteau et</tspan>
    <tspan x="10" dy="16">tournevis</tspan>
  </text>
  <text x="10" y="80" class="number">1234.5</text>
  <text x="10" y="120">Scie</text>
  <text x="10" y="160" text-anchor="start">Pince</text>
</svg>
"""
# The figure's words and the line each starts on: what a translator must find in the catalogs.
WORDS = {"Un établi": 2, "Les outils rangés sur l'établi": 3, "Marteau et tournevis": 4, "Scie": 9, "Pince": 10}
ENGLISH = {"Un établi": "A workbench", "Les outils rangés sur l'établi": "The tools stored on the workbench",
           "Marteau et tournevis": "Hammer and screwdriver", "Scie": "Saw"}   # Pince is left to translate
CATALOG = "content/locales/en/LC_MESSAGES/{}.po"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def with_figure(sample, figure: str = FIGURE):
    """The sample with a figure of words, shown by reparations (line 15) and, at its end, by accueil."""
    (sample / "content/images/etabli.svg").write_text(figure)
    accueil = sample / "content/chapters/accueil.md"
    accueil.write_text(accueil.read_text() + "\n![Un établi](../images/etabli.svg){alt=\"Dessin d'un établi\"}\n")
    return sample


def translate(sample, translations: dict, stem: str = "reparations") -> dict[str, int]:
    """Add entries to an English catalog as a translator would; the line of each msgid."""
    po = sample / CATALOG.format(stem)
    lines = po.read_text().splitlines()
    found = {}
    for msgid, msgstr in translations.items():
        lines += ["", f'msgid "{msgid}"', f'msgstr "{msgstr}"']
        found[msgid] = len(lines) - 1
    po.write_text("\n".join(lines) + "\n")
    return found


def svg_texts(data: bytes) -> dict:
    """Each <title>, <desc> and <text> of an SVG: its lines (its tspans' texts, else its text) and its xml:lang."""
    root = etree.fromstring(data)
    found = {}
    for element in root.iter(f"{SVG}title", f"{SVG}desc", f"{SVG}text"):
        spans = element.findall(f"{SVG}tspan")
        lines = tuple(s.text for s in spans) if spans else (element.text,)
        found[lines] = element.get(XML_LANG)
    return found


def test_extract_puts_a_figures_words_in_the_catalogs_of_the_chapters_that_show_it(sample):
    with_figure(sample)
    assert run("--project", sample, "extract").exit_code == 0
    for stem in ("reparations", "accueil"):
        with open(sample / CATALOG.format(stem), "rb") as fh:
            catalog = read_po(fh)
        for text, line in WORDS.items():
            assert ("images/etabli.svg", line) in catalog[text].locations, (stem, text)
        assert "1234.5" not in catalog   # a value is formatted, never translated
    with open(sample / CATALOG.format("pratique"), "rb") as fh:
        assert "Scie" not in read_po(fh)   # this chapter shows no figure


def test_each_edition_shows_the_figure_in_its_words_in_every_format(sample, tmp_path):
    with_figure(sample)
    translate(sample, ENGLISH)
    out = tmp_path / "out"
    formats = [f"--format={name}" for name in ("html", "epub", "pdf", "docx")]
    result = run("--project", sample, "build", "--out", out, *formats)
    assert result.exit_code == 0, result.output
    [image] = html_page(out / "en" / "reparations.html").iterfind(".//img")
    assert image.get("src") == "../images/etabli.en.svg"
    english = (out / "images" / "etabli.en.svg").read_bytes()
    assert svg_texts(english) == {
        ("A workbench",): None, ("The tools stored on the workbench",): None,
        ("Hammer and", "screwdriver"): None,   # shared out over the figure's two lines
        ("1,234.5",): None,                     # the number in English
        ("Saw",): None,
        ("Pince",): "fr"}                       # not translated: the source's words, in the source's language
    root = etree.fromstring(english)
    assert root.get(XML_LANG) == "en" and root.get("font-family").startswith('"Source Sans Pro"')
    french = (out / "images" / "etabli.fr.svg").read_bytes()
    assert svg_texts(french) == {("Un établi",): None, ("Les outils rangés sur l'établi",): None,
                                 ("Marteau et", "tournevis"): None, ("1\u202f234,5",): None, ("Scie",): None,
                                 ("Pince",): None}
    for packed in ("petit-guide-en.epub", "petit-guide-en.docx"):
        with zipfile.ZipFile(out / "en" / packed) as archive:
            svgs = [archive.read(n) for n in archive.namelist() if n.endswith(".svg")]
        assert [svg_texts(svg) for svg in svgs] == [svg_texts(english)], packed
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out / "en" / "petit-guide-en.pdf").pages)
    for words in ("A workbench", "Hammer and", "screwdriver", "1,234.5", "Saw", "Pince"):
        assert words in text
    assert "Marteau" not in text and "Scie" not in text


def test_a_figures_translation_with_markup_is_rejected_at_its_line(sample, tmp_path):
    with_figure(sample)
    lines = translate(sample, {"Scie": "<b>Saw</b>", "Pince": "Pliers<script>alert(1)</script>",
                               "Un établi": "A workbench &amp; tools"})
    result = run("--project", sample, "check", "--lang", "en")
    po = CATALOG.format("reparations")
    for msgid, markup in (("Scie", "<b>"), ("Pince", "<script>"), ("Un établi", "&amp;")):
        assert f"{po}:{lines[msgid]}: rejected-markup: a figure's words are plain text, and the translation holds " \
               f"markup ({markup})" in result.output
    [english] = coverage(load(sample), ("en",)).languages
    reparations = next(c for c in english.chapters if c.stem == "reparations")
    assert reparations.units.rejected == 3
    out = tmp_path / "out"
    assert run("--project", sample, "build", "--out", out, "--format", "html").exit_code == 0
    svg = (out / "images" / "etabli.en.svg").read_bytes()
    assert svg_texts(svg)[("Scie",)] == "fr" and svg_texts(svg)[("Pince",)] == "fr"
    assert b"script" not in svg and b"<b>" not in svg


def test_coverage_counts_a_figures_words_where_they_are_written(sample):
    before = {c.stem: c.units for c in coverage(load(sample), ("en",)).languages[0].chapters}
    with_figure(sample)
    translate(sample, ENGLISH)
    [english] = coverage(load(sample), ("en",)).languages
    after = {c.stem: c for c in english.chapters}
    # reparations: four of the five words translated; accueil shows the figure (its caption, alt text and five
    # words) with none of them translated there (those reparations translates are suggested: fuzzy)
    assert after["reparations"].units.total == before["reparations"].total + 5
    assert after["reparations"].units.translated == before["reparations"].translated + 4
    assert after["reparations"].units.missing == before["reparations"].missing + 1
    assert after["accueil"].units.total == before["accueil"].total + 7
    assert after["accueil"].units.translated == before["accueil"].translated
    lacking = [(item.path, item.line, item.text) for item in after["reparations"].lacking]
    assert ("content/images/etabli.svg", 10, "Pince") in lacking


def test_a_raster_image_may_have_a_version_per_language(sample, tmp_path):
    def png(colour) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
        return buffer.getvalue()
    (sample / "content/images/photo.png").write_bytes(png("red"))
    (sample / "content/images/photo.en.png").write_bytes(png("blue"))
    accueil = sample / "content/chapters/accueil.md"
    accueil.write_text(accueil.read_text() + '\n![Une photo](../images/photo.png){alt="Une photo"}\n')
    out = tmp_path / "out"
    assert run("--project", sample, "build", "--out", out, "--format", "html", "--format", "epub").exit_code == 0
    shown = {lang: html_page(out / lang / "accueil.html").find(".//img[@alt]").get("src") for lang in ("fr", "en")}
    assert shown == {"fr": "../images/photo.png", "en": "../images/photo.en.png"}
    assert (out / "images" / "photo.en.png").read_bytes() == png("blue")
    with zipfile.ZipFile(out / "en" / "petit-guide-en.epub") as epub:
        packed = [epub.read(n) for n in epub.namelist() if n.endswith(".png") and "cover" not in n]
    assert png("blue") in packed and png("red") not in packed


@pytest.mark.parametrize("figure, line, code", [
    (FIGURE.replace(">1234.5<", ">1 234,5<"), 8, "bad-value"),
    (FIGURE.replace("<text x=\"10\" y=\"120\">Scie</text>",
                    "<text x=\"10\" y=\"120\">Scie de <tspan class=\"number\">40</tspan> cm</text>"), 9,
     "value-in-words"),
    (FIGURE.replace("</title>", "</titel>"), 2, "bad-svg"),
])
def test_a_figure_that_cannot_be_read_or_formatted_is_an_error_at_its_line(sample, figure, line, code):
    with_figure(sample, figure)
    result = run("--project", sample, "extract")
    assert result.exit_code != 0
    assert f"content/images/etabli.svg:{line}: {code}: " in result.output


def test_a_right_to_left_edition_sets_its_figure_right_to_left(sample):
    config = sample / "content/publication.yml"
    config.write_text(config.read_text().replace("  - {code: en}", "  - {code: en}\n  - {code: ar, draft: true}"))
    arabic = load(sample).publication.language("ar")
    svg = etree.fromstring(translated_svg(FIGURE.encode(), "etabli.svg", arabic,
                                          {"Scie": ("منشار", "ar"), "Pince": ("Pince", "fr")}))
    assert (svg.get(XML_LANG), svg.get("direction"), svg.get("text-anchor")) == ("ar", "rtl", "end")
    saw, pliers = [t for t in svg.iter(f"{SVG}text") if t.get("y") in ("120", "160")]
    assert saw.text == "منشار" and saw.get(XML_LANG) is None
    # the source's words stay left to right, anchored where they were drawn
    assert (pliers.get(XML_LANG), pliers.get("direction"), pliers.get("text-anchor")) == ("fr", "ltr", "start")
    assert "Noto Sans Arabic" in svg.get("font-family")
