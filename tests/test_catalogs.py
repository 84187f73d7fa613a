import datetime
import subprocess

import pytest
from babel.messages.pofile import read_po

from mieux_pub.catalogs import Catalog, Entry, State, collect, read_catalog, with_suggestions
from mieux_pub.extract import extract
from mieux_pub.source import load

PO = "content/locales/en/LC_MESSAGES/reparations.po"


def catalog(**entries):
    return Catalog("x.po", {k: Entry(k, v, fuzzy, 1) for k, (v, fuzzy) in entries.items()})


def test_exact_translated_entry_is_translated():
    assert catalog(**{"Une phrase.": ("A sentence.", False)}).lookup("Une phrase.").state is State.TRANSLATED


def test_fuzzy_flag_or_empty_string_is_not_translated():
    found = catalog(**{"Une phrase.": ("A sentence.", True), "Deux.": ("", False)})
    assert found.lookup("Une phrase.").state is State.FUZZY
    assert found.lookup("Deux.").state is State.MISSING


def test_a_changed_source_with_a_close_old_translation_is_a_suggestion(tmp_path):
    path = tmp_path / "x.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Une réparation commence par un diagnostic."\nmsgstr "A repair starts with a diagnosis."\n')
    found, problems = read_catalog(tmp_path, "x.po")
    changed, unrelated = "Une réparation commence toujours par un diagnostic.", "Tout autre chose sans rapport."
    template = collect("x", [(changed, ("x.md", 1), ""), (unrelated, ("x.md", 2), "")])
    found = with_suggestions(found, path.read_bytes(), template, datetime.datetime(2020, 1, 1), None)
    assert problems == [] and found.lookup(changed).state is State.FUZZY
    assert found.lookup(changed).previous == "Une réparation commence par un diagnostic."
    assert found.lookup(unrelated).state is State.MISSING


def test_extract_keeps_translations_and_marks_changed_units_fuzzy(sample):
    chapter = sample / "content" / "chapters" / "reparations.md"
    chapter.write_text(chapter.read_text().replace("commence toujours par", "commence presque toujours par"))
    extract(load(sample))
    with (sample / PO).open("rb") as fh:
        messages = {m.id: m for m in read_po(fh)}
    changed = messages["Une réparation commence presque toujours par un diagnostic."]
    assert changed.fuzzy and changed.string == "A repair always starts with a diagnosis."
    assert ('#, fuzzy\n#| msgid "Une réparation commence toujours par un diagnostic."\n'
            'msgid "Une réparation commence presque toujours par un diagnostic."') in (sample / PO).read_text()
    assert messages["Pannes courantes"].string == "Common faults" and not messages["Pannes courantes"].fuzzy


def test_extract_twice_changes_nothing(sample):
    extract(load(sample))
    before = {p: p.read_bytes() for p in sample.rglob("*.po")}
    result = extract(load(sample))
    assert result.written == ()
    assert {p: p.read_bytes() for p in sample.rglob("*.po")} == before


def test_removed_units_become_obsolete_entries(sample):
    chapter = sample / "content" / "chapters" / "reparations.md"
    chapter.write_text(chapter.read_text().replace("> Le meilleur outil est la patience.\n\n", ""))
    extract(load(sample))
    text = (sample / PO).read_text()
    assert '#~ msgid "Le meilleur outil est la patience."\n#~ msgstr "The best tool is patience."' in text


def test_msgfmt_accepts_every_catalog_we_write(sample):
    extract(load(sample))
    for path in sample.rglob("*.po"):
        result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and not result.stderr, (path, result.stderr)


def test_msgfmt_accepts_the_publications_catalogs():
    from conftest import REPO
    paths = sorted((REPO / "content" / "locales").rglob("*.po")) + sorted((REPO / "templates").rglob("*.po"))
    assert len(paths) > 60
    for path in paths:
        result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and not result.stderr, (path, result.stderr)


@pytest.mark.slow   # extracts the whole publication
def test_the_publications_catalogs_are_up_to_date(tmp_path):
    import shutil
    from conftest import REPO
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    assert extract(load(tmp_path)).written == ()


# Catalogs as GNU gettext and PO editors write them (issue 11).

def en_po(root, domain="accueil"):
    return root / "content" / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"


def gnu(*command, stdin=None):
    return subprocess.run(command, input=stdin, capture_output=True, check=True).stdout


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_msgcat_changes_no_byte_of_any_catalog_extract_wrote(sample):
    from conftest import REPO
    extract(load(sample))
    paths = list(sample.rglob("*.po")) + list((REPO / "content").rglob("*.po")) + list((REPO / "templates").rglob("*.po"))
    assert len(paths) > 60
    for path in paths:
        assert gnu("msgcat", str(path)) == path.read_bytes(), path


def test_a_catalog_saved_by_a_po_editor_goes_through_extract_unchanged(sample):
    # As Poedit saves a file: its own headers, a translator's comment, an edited msgstr, GNU wrapping at 79.
    path = en_po(sample)
    edit(path, '"Content-Transfer-Encoding: 8bit\\n"\n',
         '"Content-Transfer-Encoding: 8bit\\n"\n"X-Generator: Poedit 3.4.2\\n"\n"X-Poedit-SourceCharset: UTF-8\\n"\n')
    edit(path, '#. List item', '# Checked with the reviewer.\n#. List item')
    edit(path, 'msgstr "A repaired object lasts longer."', 'msgstr "An object that has been repaired lasts longer."')
    saved = gnu("msgcat", "--width=79", str(path))
    path.write_bytes(saved)
    assert extract(load(sample)).written == ()
    assert path.read_bytes() == saved
    assert b"X-Poedit-SourceCharset: UTF-8" in saved and b"# Checked with the reviewer." in saved


def test_a_one_word_edit_gives_a_valid_fuzzy_entry_and_nothing_more(sample):
    chapter = sample / "content" / "chapters" / "accueil.md"
    before = ("Réparer coûte moins cher : environ [0.4]{.percent} du prix d'un objet neuf[^1]. "
              "Voir [les réparations courantes](reparations.md#pannes-courantes).")
    edit(chapter, "Réparer coûte moins cher", "Réparer coûte bien moins cher")
    assert extract(load(sample)).written == ("content/locales/en/LC_MESSAGES/accueil.po",)
    catalog, problems = read_catalog(sample, "content/locales/en/LC_MESSAGES/accueil.po")
    changed = catalog.entries[before.replace("moins cher", "bien moins cher")]
    assert problems == [] and changed.fuzzy and changed.previous == before
    lines = en_po(sample).read_text().splitlines()
    assert [line for line in lines if line.startswith("#|")][0] == '#| msgid ""'
    assert all(line.startswith('#| "') and line.endswith('"') for line in lines if line.startswith("#| \""))
    assert not any(line.startswith(("# |", '# "')) for line in lines)
    assert extract(load(sample)).written == ()
    # The translator reviews it: the fuzzy flag and the former msgid go, as a PO editor removes them.
    en_po(sample).write_text("\n".join(line for line in lines if not line.startswith(("#|", "#, fuzzy"))) + "\n")
    assert extract(load(sample)).written == ()
    assert not any(line.startswith(("#|", "# |")) for line in en_po(sample).read_text().splitlines())


def test_the_width_is_the_teams(sample):
    extract(load(sample), width=0)
    for path in sample.rglob("*.po"):
        assert gnu("msgcat", "--no-wrap", str(path)) == path.read_bytes(), path
    assert any(len(line) > 79 for line in en_po(sample).read_text().splitlines())
    config = sample / "content" / "publication.yml"
    config.write_text(config.read_text() + "po_width: 60\n")
    extract(load(sample))
    for path in sample.rglob("*.po"):
        assert gnu("msgcat", "--width=60", str(path)) == path.read_bytes(), path


def test_a_paragraph_removed_then_restored_gets_its_translation_back(sample):
    chapter = sample / "content" / "chapters" / "reparations.md"
    original = chapter.read_text()
    edit(chapter, "> Le meilleur outil est la patience.\n\n", "")
    extract(load(sample))
    assert '#~ msgid "Le meilleur outil est la patience."' in en_po(sample, "reparations").read_text()
    chapter.write_text(original)
    extract(load(sample))
    with en_po(sample, "reparations").open("rb") as fh:
        revived = {m.id: m for m in read_po(fh)}["Le meilleur outil est la patience."]
    assert revived.string == "The best tool is patience." and not revived.fuzzy


def test_a_unit_translated_in_another_chapter_is_a_fuzzy_suggestion(sample):
    # "Pannes courantes" is translated in reparations.po; accueil gains the same heading.
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text() + "\n## Pannes courantes\n")
    listed = run_cli("--project", sample, "coverage", "--list", "fuzzy")
    assert "content/chapters/accueil.md:" in listed.output and ": en: Pannes courantes" in listed.output
    extract(load(sample))
    with en_po(sample).open("rb") as fh:
        suggested = {m.id: m for m in read_po(fh)}["Pannes courantes"]
    assert suggested.string == "Common faults" and suggested.fuzzy


def test_a_msgctxt_entry_is_named_and_never_used(sample):
    path = en_po(sample)
    with path.open("a") as fh:
        fh.write('\nmsgctxt "menu"\nmsgid "Pourquoi réparer ?"\nmsgstr "WRONG"\n')
    line = path.read_text().splitlines().index('msgctxt "menu"') + 2  # Babel locates an entry at its msgid
    result = run_cli("--project", sample, "build", "--format", "html")
    assert result.exit_code == 0
    assert f"content/locales/en/LC_MESSAGES/accueil.po:{line}: po-msgctxt: " in result.output
    page = (sample / "build" / "en" / "accueil.html").read_text()
    assert "WRONG" not in page and "Why repair?" in page


def test_each_entry_says_what_it_is_and_where_it_shows(sample):
    text = en_po(sample).read_text()
    assert '#. Heading, level 2; on the page accueil.html#pourquoi-reparer\n#: chapters/accueil.md:5\n' in text
    assert '#. Footnote; on the page accueil.html#pourquoi-reparer\n' in text
    alt = en_po(sample, "reparations").read_text()
    assert ("#. Image description (alt text): say what the image shows; on the page\n"
            "#. reparations.html#pannes-courantes\n") in alt


def run_cli(*args):
    from click.testing import CliRunner
    from mieux_pub.cli import main
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_an_obsolete_entry_that_kept_its_former_msgid_is_read(sample):
    # msgmerge writes '#~| msgid' for a fuzzy entry whose unit is then removed; Babel alone cannot read it.
    chapter = sample / "content" / "chapters" / "accueil.md"
    edit(chapter, "Réparer coûte moins cher", "Réparer coûte bien moins cher")
    extract(load(sample))
    text = chapter.read_text()
    chapter.write_text("\n".join(line for line in text.splitlines() if not line.startswith("Réparer")) + "\n")
    extract(load(sample))
    assert '#~| msgid ""' in en_po(sample).read_text()
    assert extract(load(sample)).written == ()
    result = run_cli("--project", sample, "coverage", "--format", "json")
    assert result.output.startswith("{") and "WARNING" not in result.output
    assert run_cli("--project", sample, "build", "--format", "html").exit_code == 0


def test_header_dates_in_any_format_msgfmt_accepts_are_read(sample):
    # Some PO tools stamp ISO 8601 dates, which Babel's header parser refuses; mieux-pub reads no header date.
    path = en_po(sample)
    text = path.read_text()
    for field in ("POT-Creation-Date", "PO-Revision-Date"):
        start = text.index(f'"{field}: ')
        text = text[:start] + f'"{field}: 2024-07-19T19:45:30Z\\n"' + text[text.index("\n", start):]
    path.write_text(text)
    catalog, problems = read_catalog(sample, "content/locales/en/LC_MESSAGES/accueil.po")
    assert problems == [] and catalog.entries["Pourquoi réparer ?"].msgstr == "Why repair?"
    assert catalog.entries["Pourquoi réparer ?"].line == text.splitlines().index('msgid "Pourquoi réparer ?"') + 1
