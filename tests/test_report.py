"""The coverage page: words per chapter, each lacking unit's links (source line, edition), a fuzzy unit's word diff."""

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from conftest import REPO
from mieux_pub import reports
from mieux_pub.catalogs import State
from mieux_pub.cli import main
from mieux_pub.coverage import ChapterCoverage, Counts, Coverage, Lacking, LanguageCoverage
from test_site_standards import AXE_JS, AXE_RUN, CHROMIUM, CHROMIUM_ARGS, OVERFLOWING, needs_chromium

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CATALOGS = Path("content/locales/en/LC_MESSAGES")
TITLE = "Petit guide des réparations"
MISSING = "Le meilleur outil est la patience."                  # reparations.md, under its second heading
CHANGED = "Les pièces sont souvent disponibles."                # a list item of accueil.md, translated...
FORMER = "Les pièces détachées sont rarement disponibles."      # ...when it read like this
SHOWN = "Un objet réparé dure plus longtemps."                  # another list item of accueil.md...
HOSTILE = 'Un objet <script>alert("pwned")</script> dure plus longtemps.'  # ...its former source, in a catalog


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def edit_catalog(root: Path, stem: str, change) -> None:
    path = root / CATALOGS / f"{stem}.po"
    with path.open("rb") as fh:
        catalog = read_po(fh)
    change(catalog)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=79, include_previous=True)


def made_fuzzy(msgid: str, previous: str):
    def change(catalog):
        catalog[msgid].flags.add("fuzzy")
        catalog[msgid].previous_id = [previous]
    return change


def emptied(msgid: str):
    def change(catalog):
        catalog[msgid].string = ""
    return change


@pytest.fixture
def planted(sample) -> Path:
    """The sample with one more missing unit and two fuzzy ones whose catalogs kept their former source.

    The fixture already lacks one unit: reparations.md:7, missing.
    """
    edit_catalog(sample, "reparations", emptied(MISSING))
    edit_catalog(sample, "accueil", made_fuzzy(CHANGED, FORMER))
    edit_catalog(sample, "accueil", made_fuzzy(SHOWN, HOSTILE))
    return sample


@pytest.fixture
def built(planted) -> Path:
    """The planted sample's HTML edition and the coverage page the build writes with it."""
    result = run("--project", planted, "build", "--format", "html")
    assert result.exit_code == 0, result.output
    return planted / "build"


def report(out: Path):
    return lxml.html.parse(str(out / "reports" / "coverage.html")).getroot()


def printed(project: Path, *options):
    """The page the coverage command prints."""
    return lxml.html.document_fromstring(run("--project", project, "coverage", "--format", "html", *options).stdout)


def words(markdown: str) -> int:
    """Count the runs of letters or digits (joined by ' or -) outside link targets, attributes and footnote calls."""
    # As the tool counts, 1234.5 is two words: the decimal point splits it.
    text = re.sub(r"\]\([^)]*\)|\{[^}]*\}|\[\^[^\]]*\]", " ", markdown)
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


def expected_words(root: Path, stem: str) -> list[int]:
    """Total, translated, fuzzy, missing and rejected source words of a chapter, from its catalog."""
    with (root / CATALOGS / f"{stem}.po").open("rb") as fh:
        messages = [m for m in read_po(fh) if m.id]
    fuzzy = sum(words(m.id) for m in messages if m.fuzzy)
    missing = sum(words(m.id) for m in messages if not m.string)
    total = sum(words(m.id) for m in messages)
    return [total, total - fuzzy - missing, fuzzy, missing, 0]


def line_of(root: Path, path: str, text: str) -> int:
    return next(n for n, line in enumerate((root / path).read_text().splitlines(), 1) if text in line)


def unit_row(page, location: str):
    """The row of the units table that names this source line."""
    [row] = page.xpath("//table[@class='units']//tr[.//code[normalize-space()=$location]]", location=location)
    return row


def resolve(page_path: Path, href: str) -> tuple[Path, str]:
    """The file and the anchor a link of the page opens."""
    parts = urlsplit(href)
    return (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path, parts.fragment


def has_id(path: Path, anchor: str) -> bool:
    return bool(lxml.html.parse(str(path)).getroot().xpath("//*[@id=$anchor]", anchor=anchor))


def test_the_page_is_titled_with_the_publication_title(built):
    for page in (report(built), printed(built.parent)):
        assert page.findtext("head/title") == f"Translation coverage – {TITLE}"
        assert page.findtext("body/main/h1") == f"Translation coverage – {TITLE}"


def test_the_words_of_each_chapter_are_counted_by_state(built):
    [table] = report(built).xpath("//table[caption='Coverage of en per chapter']")
    assert [th.text_content() for th in table.xpath("thead/tr[1]/th")] == ["Chapter", "Units", "Source words"]
    assert [th.text_content() for th in table.xpath("thead/tr[2]/th")][-5:] == \
        ["Total", "Translated", "Fuzzy", "Missing", "Rejected"]
    rows = {row.find("th").text_content(): [td.text_content() for td in row.findall("td")]
            for row in table.xpath("tbody/tr")}
    assert set(rows) == {"accueil", "pratique", "reparations", "publication", "ui.po (templates)"}
    for stem in ("accueil", "pratique", "reparations", "publication"):
        assert [int(cell) for cell in rows[stem][-5:]] == expected_words(built.parent, stem), stem
    assert expected_words(built.parent, "reparations")[3] == words(MISSING) + 8  # and the fixture's missing one
    assert expected_words(built.parent, "accueil")[2] == words(CHANGED) + words(SHOWN)


def test_a_missing_unit_links_to_where_it_shows_in_the_edition(built):
    path = "content/chapters/reparations.md"
    row = unit_row(report(built), f"{path}:{line_of(built.parent, path, MISSING)}")
    assert row.findtext("td") == "missing"
    [link] = row.xpath(".//a[starts-with(@href, '../en/')]")
    assert link.get("href") == "../en/reparations.html#pannes-courantes"
    target, anchor = resolve(built / "reports" / "coverage.html", link.get("href"))
    assert target == built / "en" / "reparations.html"
    [place] = lxml.html.parse(str(target)).getroot().xpath("//*[@id=$anchor]", anchor=anchor)
    # Untranslated, the unit shows in its source language in the section the link opens.
    assert MISSING in place.getparent().text_content()


def test_the_build_report_links_only_to_what_the_build_wrote_and_to_the_sources(built):
    page_path = built / "reports" / "coverage.html"
    hrefs = report(built).xpath("//a/@href")
    assert len([href for href in hrefs if href.startswith("../en/")]) == 4  # two missing units, two fuzzy
    assert len([href for href in hrefs if href.startswith("../../content/chapters/")]) == 4
    for href in hrefs:
        target, anchor = resolve(page_path, href)
        assert target.is_file() and (target.is_relative_to(built) or target.is_relative_to(built.parent / "content")), href
        assert not anchor or has_id(target, anchor), href


def test_the_command_links_each_unit_to_its_source_line_from_where_the_build_saves_the_page(built):
    page_path = built / "reports" / "coverage.html"
    page_path.write_text(run("--project", built.parent, "coverage", "--format", "html").stdout)
    page = lxml.html.parse(str(page_path)).getroot()
    path = "content/chapters/accueil.md"
    line = line_of(built.parent, path, CHANGED)
    [link] = unit_row(page, f"{path}:{line}").xpath(".//a[code]")
    assert link.get("href") == f"../../{path}"
    assert resolve(page_path, link.get("href"))[0] == built.parent / path
    for href in page.xpath("//a/@href"):
        target, anchor = resolve(page_path, href)
        assert target.is_file(), href
        assert not anchor or has_id(target, anchor), href


def test_a_page_saved_outside_the_project_names_the_source_lines_without_links(planted, tmp_path):
    page = printed(planted, "--out", tmp_path / "elsewhere")
    path = "content/chapters/reparations.md"
    row = unit_row(page, f"{path}:{line_of(planted, path, MISSING)}")
    assert not row.xpath(".//a[code]")
    assert not [href for href in page.xpath("//a/@href") if "content/" in href]


def test_a_fuzzy_unit_shows_which_words_of_its_source_changed(built):
    path = "content/chapters/accueil.md"
    row = unit_row(report(built), f"{path}:{line_of(built.parent, path, CHANGED)}")
    assert row.findtext("td") == "fuzzy"
    [text] = row.xpath("td[@lang='fr']")
    assert [d.text for d in text.iter("del")] == ["détachées", "rarement"]
    assert [i.text for i in text.iter("ins")] == ["souvent"]
    assert [t.strip() for t in text.xpath("text()") if t.strip()] == ["Les pièces", "sont", "disponibles."]


def test_catalog_text_shows_as_text_never_as_markup(built):
    page = report(built)
    assert not page.xpath("//script")
    path = "content/chapters/accueil.md"
    row = unit_row(page, f"{path}:{line_of(built.parent, path, SHOWN)}")
    assert [d.text for d in row.iter("del")] == ['<script>alert("pwned")</script>']
    assert [i.text for i in row.iter("ins")] == ["réparé"]
    assert b"<script>alert" not in (built / "reports" / "coverage.html").read_bytes()


def test_a_unit_text_and_its_path_are_escaped():
    hostile = Lacking('content/chapters/x"><b>.md', 3, State.MISSING,
                      "<img src=x onerror=alert(1)> & <script>x()</script>", page="x.html#a")
    chapter = ChapterCoverage("x", hostile.path, Counts(missing=1), Counts(missing=4), (hostile,))
    text = reports.html(Coverage("fr", (LanguageCoverage("en", True, (chapter,), Counts(), ()),)), "<i>T</i>",
                        ["en"], "../../")
    page = lxml.html.document_fromstring(text)
    assert not page.xpath("//script | //img | //b | //i")
    assert page.findtext("head/title") == "Translation coverage – <i>T</i>"
    row = unit_row(page, f"{hostile.path}:3")
    assert row.xpath("td[@lang='fr']")[0].text_content().strip() == hostile.text
    assert unquote(row.xpath(".//a[code]/@href")[0]) == f"../../{hostile.path}"


def test_a_unit_above_the_first_heading_links_to_the_top_of_its_page(sample):
    edit_catalog(sample, "reparations", emptied("Une réparation commence toujours par un diagnostic."))
    assert run("--project", sample, "build", "--format", "html").exit_code == 0
    row = unit_row(report(sample / "build"), "content/chapters/reparations.md:3")
    assert row.xpath(".//a[starts-with(@href, '../en/')]/@href") == ["../en/reparations.html"]
    assert (sample / "build" / "en" / "reparations.html").is_file()


def test_the_command_prints_the_page_and_nothing_else(sample):
    edit_catalog(sample, "reparations", made_fuzzy("Une réparation commence toujours par un diagnostic.",
                                                   "Une réparation commence par un diagnostic."))
    assert run("--project", sample, "coverage", "--format", "html").stdout.startswith("<!DOCTYPE html>")


@pytest.mark.skipif(not VNU_JAR.is_file() or not shutil.which("java"), reason="vnu.jar or java is missing (npm ci)")
def test_the_page_is_valid_html(built):
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", str(built / "reports" / "coverage.html")],
                            check=False, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (0, "")


@needs_chromium
def test_axe_finds_no_violation_and_nothing_sticks_out_of_a_360_px_screen(built):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = chromium.new_page(viewport={"width": 360, "height": 740})
        page.goto((built / "reports" / "coverage.html").as_uri())
        page.evaluate("document.querySelectorAll('details').forEach(details => { details.open = true; })")
        page.add_script_tag(path=str(AXE_JS))
        violations = [f"{v['id']}: {node['target'][0]}" for v in page.evaluate(AXE_RUN)["violations"]
                      for node in v["nodes"]]
        width, sticking_out = page.evaluate("document.documentElement.scrollWidth"), page.evaluate(OVERFLOWING)
        chromium.close()
    assert violations == []
    assert width == 360, sticking_out
