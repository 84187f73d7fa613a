import json

from click.testing import CliRunner

from mieux_pub.catalogs import State
from mieux_pub.cli import main
from mieux_pub.coverage import coverage
from mieux_pub.source import load


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_counts_units_and_words_per_language_and_chapter(sample):
    [en] = coverage(load(sample)).languages
    assert (en.units.total, en.units.translated, en.units.fuzzy, en.units.missing) == (26, 25, 0, 1)
    reparations = next(c for c in en.chapters if c.stem == "reparations")
    assert reparations.units.missing == 1 and reparations.words.missing == 8
    assert [(i.path, i.line, i.state) for i in reparations.lacking] == [
        ("content/chapters/reparations.md", 7, State.MISSING)]


def test_a_changed_source_paragraph_is_fuzzy_without_running_extract(sample):
    chapter = sample / "content" / "chapters" / "reparations.md"
    chapter.write_text(chapter.read_text().replace("commence toujours par", "commence presque toujours par"))
    [en] = coverage(load(sample)).languages
    fuzzy = [(i.path, i.line) for i in en.lacking if i.state is State.FUZZY]
    assert fuzzy == [("content/chapters/reparations.md", 3)]
    assert en.units.fuzzy == 1 and en.units.missing == 1


def test_json_has_the_documented_shape(sample):
    result = run("--project", sample, "coverage", "--format", "json")
    data = json.loads(result.stdout)
    assert data["source_language"] == "fr"
    [en] = data["languages"]
    assert set(en) == {"code", "release", "percent", "units", "words", "ui", "chapters"}
    assert en["code"] == "en" and en["release"] is True and en["percent"] == 96.2
    for counts in (en["units"], en["words"], en["ui"]):
        assert set(counts) == {"total", "translated", "fuzzy", "missing", "rejected"}
    assert [c["stem"] for c in en["chapters"]] == ["accueil", "pratique", "reparations", "publication"]
    assert set(en["chapters"][0]) == {"stem", "percent", "units", "words"}


def test_list_missing_gives_one_line_per_unit(sample):
    result = run("--project", sample, "coverage", "--list", "missing")
    assert result.stdout.splitlines()[0] == \
        "content/chapters/reparations.md:7: en: Ce paragraphe n'est pas encore traduit en anglais."


def test_an_incomplete_release_language_fails_and_a_draft_does_not(sample):
    assert run("--project", sample, "coverage").exit_code == 1
    config = sample / "content" / "publication.yml"
    config.write_text(config.read_text().replace("- {code: en}", "- {code: en, draft: true}"))
    assert run("--project", sample, "coverage").exit_code == 0
    assert run("--project", sample, "coverage", "--fail-under", "99").exit_code == 1


def test_html_report_shows_bars_and_lists_the_missing_units(sample):
    result = run("--project", sample, "coverage", "--format", "html")
    assert 'aria-label="25 translated, 0 fuzzy, 1 missing, 0 rejected out of 26"' in result.output
    assert "content/chapters/reparations.md:7" in result.output


def test_the_ui_catalog_has_its_own_row(sample):
    result = run("--project", sample, "coverage", "--by", "chapter")
    lines = result.output.splitlines()
    assert any(line.split()[:1] == ["ui.po"] for line in lines)
    assert any(line.split()[:1] == ["reparations"] for line in lines)


def test_a_rejected_translation_is_counted_shown_and_listed(sample):
    catalog = sample / "content" / "locales" / "en" / "LC_MESSAGES" / "reparations.po"
    catalog.write_text(catalog.read_text().replace('msgstr "Repairs"', 'msgstr "Repairs <script>x()</script>"'))
    table = run("--project", sample, "coverage", "--by", "chapter")
    assert table.exit_code == 1
    header, *rows = table.stdout.splitlines()
    column = header.split().index("rejected") + 1  # the first cell of a row is its name
    [row] = [r.split() for r in rows if r.split()[0] == "reparations"]
    assert row[column] == "1"
    listed = run("--project", sample, "coverage", "--list", "rejected")
    assert listed.stdout.strip() == "content/chapters/reparations.md:1: en: Les réparations"
