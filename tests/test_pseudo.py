"""mieux-pub pseudo: the source stretched and accented, everything else intact, the catalogs untouched."""

import hashlib

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import html_page
from mieux_pub.cli import main
from mieux_pub.pseudo import text, word


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def fingerprint(root):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for folder in ("content", "templates")
            for p in sorted((root / folder).rglob("*")) if p.is_file()}


def test_words_are_accented_and_a_third_longer():
    # Worked by hand: letters 2, 5 and 8 of "Bienvenue" are doubled, then each letter accented.
    assert word("Bienvenue") == "Ɓííéñṽṽéñúúé"
    assert text("%(percent)s translated") == "%(percent)s ţŕŕáñššļáţţéđ"


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory):
    import shutil
    from conftest import FIXTURE
    root = tmp_path_factory.mktemp("pseudo") / "sample"
    shutil.copytree(FIXTURE, root)
    before = fingerprint(root)
    result = run("--project", root, "pseudo", "--format", "html", "--format", "pdf")
    assert result.exit_code == 0, result.output
    return root, before


def test_the_text_is_pseudo_and_markup_values_links_and_notes_are_intact(pseudo_site):
    root, _ = pseudo_site
    page = html_page(root / "build" / "pseudo" / "fr" / "accueil.html")
    main_text = page.find(".//main").text_content()
    assert "Ɓííéñṽṽéñúúé" in main_text and "Bienvenue" not in main_text
    assert page.find(".//span[@class='date']").text == "4 mars 2021"
    assert page.find(".//span[@class='number']").text == "1\u202f234,5"
    assert page.find(".//a[@class='footnote-ref']") is not None
    assert any(a.get("href") == "reparations.html#pannes-courantes" for a in page.iter("a"))
    assert page.find(".//h2[@id='page-contents-title']").text == text("In this chapter")


def test_the_pseudo_text_is_about_a_third_longer(pseudo_site):
    root, _ = pseudo_site
    source = (root / "content" / "chapters" / "reparations.md").read_text()
    first = source.splitlines()[2]   # "Une réparation commence toujours par un diagnostic."
    page = html_page(root / "build" / "pseudo" / "fr" / "reparations.html")
    shown = next(p.text_content() for p in page.iter("p") if p.text_content().startswith(word("Une")))
    assert 1.2 < len(shown) / len(first) < 1.45


def test_the_pdf_is_pseudo_too(pseudo_site):
    root, _ = pseudo_site
    pdf = PdfReader(root / "build" / "pseudo" / "fr" / "petit-guide-fr.pdf")
    assert "Ɓííéñṽṽéñúúé" in "".join(page.extract_text() for page in pdf.pages)


def test_the_catalogs_and_the_real_build_are_untouched(pseudo_site):
    root, before = pseudo_site
    assert fingerprint(root) == before
    assert not (root / "build" / "fr").exists()


def test_another_languages_formats(sample, tmp_path):
    result = run("--project", sample, "pseudo", "--lang", "en", "--format", "html", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    page = html_page(tmp_path / "en" / "accueil.html")
    assert page.find(".//span[@class='date']").text == "March 4, 2021"
    assert "Ɓííéñṽṽéñúúé" in page.find(".//main").text_content()
