"""The command line: exit codes, messages with locations, and no half-written outputs."""

import pytest
from click.testing import CliRunner

from mieux_pub.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_build_writes_the_requested_language_and_format(sample, tmp_path):
    result = run("--project", sample, "build", "--out", tmp_path / "out", "--lang", "en", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "en" / "reparations.html").is_file()
    assert not (tmp_path / "out" / "fr").exists()
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_bad_value_fails_with_file_and_line_and_keeps_previous_outputs(sample, tmp_path):
    out = tmp_path / "out"
    assert run("--project", sample, "build", "--out", out, "--format", "html").exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text().replace("[2021-03-04]{.date}", "[2021-13-45]{.date}"))
    result = run("--project", sample, "build", "--out", out, "--format", "html")
    assert result.exit_code == 1
    assert "content/chapters/accueil.md:3: bad-value: '2021-13-45' is not a date" in result.output
    assert "nothing was written" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_broken_link_is_an_error(sample):
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text().replace("reparations.md#pannes-courantes", "reparations.md#nulle-part"))
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 1
    assert ("content/chapters/accueil.md:7: broken-link: 'reparations.md#nulle-part': chapter 'reparations' "
            "has no heading, figure or table with id 'nulle-part'") in result.output


def test_an_unknown_language_is_refused(sample):
    result = run("--project", sample, "build", "--lang", "de")
    assert result.exit_code == 1
    assert "--lang de is not one of the publication's languages: fr, en" in result.output


def test_strict_fails_on_a_missing_translation_of_a_release_language(sample):
    result = run("--project", sample, "build", "--strict", "--format", "html")
    assert result.exit_code == 1
    assert ("content/chapters/reparations.md:7: untranslated-missing: en: missing: Ce paragraphe n'est pas "
            "encore traduit en anglais.") in result.output


def test_missing_project_says_what_to_do(tmp_path):
    result = run("--project", tmp_path, "build")
    assert result.exit_code == 1
    assert "no publication.yml" in result.output


def test_every_command_refuses_an_unknown_language(sample):
    for command in (["coverage", "--fail-under", "100"], ["check"], ["extract"], ["build", "--format", "html"]):
        result = run("--project", sample, *command, "--lang", "zz")
        assert result.exit_code == 1, command
        assert ("content/publication.yml: unknown-language: --lang zz is not one of the publication's languages: "
                "fr, en") in result.output, command


def test_a_catalog_that_cannot_be_read_is_refused_and_never_rewritten(sample):
    catalog = sample / "content" / "locales" / "en" / "LC_MESSAGES" / "reparations.po"
    lines = catalog.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("msgstr") and i > 5)
    lines[number - 1] = "msgstr The unquoted translation.\n"
    catalog.write_text("".join(lines))
    before = catalog.read_bytes()
    for command in (["extract"], ["build", "--format", "html"], ["coverage"]):
        result = run("--project", sample, *command)
        assert result.exit_code == 1, command
        assert f'content/locales/en/LC_MESSAGES/reparations.po:{number}: po-syntax: keyword "The" unknown' \
            in result.output, command
    assert catalog.read_bytes() == before


def test_an_unknown_charset_is_a_located_error(sample):
    catalog = sample / "content" / "locales" / "en" / "LC_MESSAGES" / "accueil.po"
    catalog.write_text(catalog.read_text().replace("charset=UTF-8", "charset=X-NO-SUCH"))
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 1
    assert "content/locales/en/LC_MESSAGES/accueil.po:16: po-charset: " in result.output


def test_an_output_folder_that_is_a_file_is_a_clear_error(sample, tmp_path):
    (tmp_path / "out").write_text("not a folder")
    result = run("--project", sample, "build", "--out", tmp_path / "out" / "sub", "--format", "html")
    assert result.exit_code == 1
    assert ": cannot-write: " in result.output and "Traceback" not in result.output


def test_a_partial_build_links_only_to_editions_in_the_output_folder(sample, tmp_path):
    out = tmp_path / "out"
    first = run("--project", sample, "build", "--format", "html", "--lang", "en", "--out", out)
    assert first.exit_code == 0 and "broken-link" not in first.output
    assert "../fr/" not in (out / "en" / "accueil.html").read_text()
    second = run("--project", sample, "build", "--format", "html", "--lang", "fr", "--out", out)
    assert second.exit_code == 0 and "broken-link" not in second.output
    assert 'hreflang="en" href="../en/accueil.html"' in (out / "fr" / "accueil.html").read_text()


@pytest.mark.parametrize("damage, code, message", [
    ("drop the msgid line", "po-syntax", "syntax error"),
    ("junk after the msgstr", "po-syntax", 'keyword "junk" unknown'),
    ("the entry twice", "po-syntax", "duplicate message definition"),
    ("a Latin-1 charset", "po-charset", "the catalog declares charset=ISO-8859-1"),
])
def test_a_damaged_catalog_is_refused_at_its_line_and_kept_as_written(sample, damage, code, message):
    catalog = sample / "content" / "locales" / "en" / "LC_MESSAGES" / "reparations.po"
    lines = catalog.read_text().splitlines(keepends=True)
    number = lines.index('msgid "Pannes courantes"\n') + 1
    if damage == "drop the msgid line":
        del lines[number - 1]      # the msgstr left alone is where msgfmt stops
    elif damage == "junk after the msgstr":
        number += 1
        lines[number - 1] = 'msgstr "Common faults" junk\n'
    elif damage == "the entry twice":
        lines += ["\n", 'msgid "Pannes courantes"\n', 'msgstr "Again"\n']
        number = len(lines) - 1
    else:
        number = next(i for i, line in enumerate(lines, start=1) if "charset=" in line)
        lines[number - 1] = lines[number - 1].replace("charset=UTF-8", "charset=ISO-8859-1")
    catalog.write_text("".join(lines))
    before = catalog.read_bytes()
    for command in (["extract"], ["build", "--format", "html"], ["check"]):
        result = run("--project", sample, *command)
        assert result.exit_code == 1, (command, result.output)
        assert f"content/locales/en/LC_MESSAGES/reparations.po:{number}: {code}: {message}" in result.output, \
            (command, result.output)
    assert catalog.read_bytes() == before


def test_a_catalog_that_is_a_folder_is_an_error(sample):
    catalog = sample / "content" / "locales" / "en" / "LC_MESSAGES" / "accueil.po"
    catalog.unlink()
    catalog.mkdir()
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 1
    assert "content/locales/en/LC_MESSAGES/accueil.po: po-not-a-file: this is a folder, not a catalog" in result.output
