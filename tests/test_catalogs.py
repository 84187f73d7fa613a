import datetime
import subprocess

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


def test_the_publications_catalogs_are_up_to_date(tmp_path):
    import shutil
    from conftest import REPO
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    assert extract(load(tmp_path)).written == ()
