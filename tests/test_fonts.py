"""Fonts for every script: the stacks name installed fonts, the PDFs draw every glyph, missing ones are one diagnostic."""

import subprocess

import babel
import pypdf
import pytest

from mieux_pub.build import Options, build
from mieux_pub.fonts import stacks
from typeset import read


def installed_families() -> set[str]:
    """Every family fontconfig knows, as `fc-list` names them."""
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


@pytest.mark.parametrize("code, script_font", [("ar", "Noto Naskh Arabic"), ("fa", "Noto Naskh Arabic"),
                                               ("zh", "Noto Serif CJK SC"), ("zh_Hant", "Noto Serif CJK TC"),
                                               ("ja", "Noto Serif CJK JP"), ("ko", "Noto Serif CJK KR"),
                                               ("hi", "Noto Serif Devanagari"), ("he", "Noto Serif Hebrew")])
def test_each_script_has_its_own_installed_font_after_the_latin_one(code, script_font):
    serif, sans = stacks(babel.Locale.parse(code))
    assert serif[:2] == ["Source Serif Pro", script_font]
    missing = [f for f in serif + sans if f not in ("serif", "sans-serif") and f not in installed_families()]
    assert missing in ([], ["Source Serif Pro"], ["Source Sans Pro"], ["Source Serif Pro", "Source Sans Pro"]), missing


def test_fonts_named_by_the_publication_come_first():
    serif, sans = stacks(babel.Locale("ar"), ("Amiri",))
    assert serif[0] == sans[0] == "Amiri"


def test_every_glyph_of_every_edition_is_drawn(mieux_result):
    assert not [d for d in mieux_result.diagnostics if d.code in ("missing-glyph", "pdf")]


def test_the_arabic_and_chinese_pdfs_embed_their_scripts_fonts(mieux_build):
    def fonts(lang):
        pdf = read(mieux_build / lang / f"creer-des-liens-{lang}.pdf")
        return {str(f.get_object()["/BaseFont"]).split("+")[-1] for p in pdf.pages
                for f in p["/Resources"].get("/Font", {}).values()}
    assert "Noto-Naskh-Arabic" in fonts("ar")
    assert "Noto-Serif-CJK-SC" in fonts("zh")


def test_missing_glyphs_are_one_diagnostic_naming_their_script_and_emoji_are_drawn(sample, tmp_path):
    chapter = sample / "content" / "chapters" / "accueil.md"
    # Three private-use characters no font has, and an emoji that Noto Color Emoji draws.
    chapter.write_text(chapter.read_text() + "\nSymboles privés : \ue000\ue001\ue000, et un sourire 😀.\n")
    result = build(sample, Options(out=tmp_path / "out", languages=("fr",), formats=("pdf",)))
    glyphs = [d for d in result.diagnostics if d.code == "missing-glyph"]
    assert len(glyphs) == 1
    assert glyphs[0].message.startswith("3 characters have no glyph")
    assert "Unknown 3 (2 different)" in glyphs[0].message
    pdf = result.out / "fr" / "petit-guide-fr.pdf"
    embedded = {str(f.get_object()["/BaseFont"]) for p in pypdf.PdfReader(pdf).pages
                for f in p["/Resources"].get("/Font", {}).values()}
    assert any("Emoji" in name for name in embedded), embedded
