"""init: a new publication in one command, which builds at once in every format."""

import datetime
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import babel.dates
import babel.numbers
import lxml.html
import pypdf
import pytest
from click.testing import CliRunner
from lxml import etree

from mieux_pub.cli import main
from test_epub import epubcheck_messages

TODAY = datetime.date.today()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def mieux_pub(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mieux_pub", *map(str, args)], capture_output=True, text=True)


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "mon-livre"
    result = run("init", folder, "--title", "Mon livre d'essai", "--source-language", "fr",
                 "--language", "en", "--language", "es")
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_the_contract_and_empty_catalogs(started):
    written = set(files(started))
    assert written == {".gitignore", "README.md", "content/publication.yml", "content/images/etapes.svg",
                       "content/chapters/bienvenue.md", "content/chapters/aller-plus-loin.md",
                       *(f"content/locales/{lang}/LC_MESSAGES/{domain}.po" for lang in ("en", "es")
                         for domain in ("bienvenue", "aller-plus-loin", "publication")),
                       "templates/locales/fr/LC_MESSAGES/ui.po", "templates/locales/es/LC_MESSAGES/ui.po"}
    for catalog in started.rglob("*.po"):   # GNU gettext accepts every catalog
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalog)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    report = json.loads(mieux_pub("--project", started, "coverage", "--format", "json").stdout)
    for language in report["languages"]:   # every unit has its entry, none translated yet
        assert language["units"]["translated"] == 0 and language["units"]["missing"] == language["units"]["total"] > 10
    catalogs = len(list(started.rglob("*.po")))   # extract finds them as it writes them: nothing to do
    assert mieux_pub("--project", started, "extract").stdout.endswith(f"0 catalogs updated, {catalogs} unchanged\n")


@pytest.mark.slow
def test_the_new_publication_builds_at_once_in_every_format(started, tmp_path):
    out = tmp_path / "out"
    result = mieux_pub("--project", started, "build", "--out", out)
    assert result.returncode == 0, result.stderr
    # The site: a figure with its alt text, a footnote, a link to a heading of the other chapter, locale values.
    page = lxml.html.parse(str(out / "fr" / "bienvenue.html")).getroot()
    main_ = page.find(".//main")
    assert main_.find(".//h1").text_content() == "Bienvenue"
    assert [a.get("href") for a in main_.iterfind(".//article//a") if "aller-plus-loin" in a.get("href")] == \
        ["aller-plus-loin.html", "aller-plus-loin.html#traduire"]
    assert main_.find_class("date")[0].text_content() == babel.dates.format_date(TODAY, "long", locale="fr")
    assert main_.find_class("percent")[0].text_content() == babel.numbers.format_percent(0.1, locale="fr")
    assert "chaque format la place" in main_.find_class("footnotes")[0].text_content()
    second = lxml.html.parse(str(out / "fr" / "aller-plus-loin.html")).getroot()
    [figure] = second.iterfind(".//figure")
    assert figure.find(".//img").get("alt") == "Trois cases reliées par deux flèches, de gauche à droite."
    assert "écrire, traduire, publier" in figure.find(".//figcaption").text_content()
    assert second.get_element_by_id("traduire").tag == "h2"
    # The PDF: its text, title and language.
    reader = pypdf.PdfReader(out / "fr" / "mon-livre-d-essai-fr.pdf")
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Aller plus loin" in text and "Bienvenue" in text
    assert reader.metadata.title == "Mon livre d’essai"   # French typography's apostrophe
    # The EPUB: EPUBCheck finds nothing; both chapters are in it.
    epub = out / "en" / "mon-livre-d-essai-en.epub"
    assert epubcheck_messages(epub) == []
    with zipfile.ZipFile(epub) as archive:
        pages = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xhtml"))
    assert "Ce que contient le dossier" in pages and "Retour au" in pages
    # The DOCX: Word's document holds the chapters' text.
    with zipfile.ZipFile(out / "es" / "mon-livre-d-essai-es.docx") as docx:
        document = etree.fromstring(docx.read("word/document.xml"))
    words = "".join(document.itertext())
    assert "Bienvenue" in words and "Traduire" in words


def test_init_refuses_a_folder_that_holds_a_publication(sample):
    before = files(sample)
    result = run("init", sample, "--title", "Autre", "--language", "en")
    assert result.exit_code == 1
    assert f"{sample / 'content' / 'publication.yml'}: publication-exists: this folder already holds a publication: " \
           "nothing was written" in result.output
    assert files(sample) == before


def test_init_refuses_an_unknown_language_and_writes_nothing(tmp_path):
    folder = tmp_path / "new"
    result = run("init", folder, "--title", "Essai", "--language", "xx")
    assert result.exit_code == 1
    assert "xx" in result.output and "nothing was written" in result.output
    assert not folder.exists() or files(folder) == {}


def test_init_without_a_terminal_takes_the_defaults_and_keeps_a_readme(tmp_path):
    folder = tmp_path / "notes-de-terrain"
    folder.mkdir()
    (folder / "README.md").write_text("Ours.\n", encoding="utf-8")
    result = run("--project", folder, "init")
    assert result.exit_code == 0, result.output
    config = (folder / "content" / "publication.yml").read_text(encoding="utf-8")
    assert "title: Notes de terrain\n" in config and "source_language: fr\n" in config
    assert "- code: fr\n- code: en\n" in config
    assert (folder / "README.md").read_text(encoding="utf-8") == "Ours.\n"


def test_init_in_english_writes_english_chapters(tmp_path):
    folder = tmp_path / "book"
    assert run("init", folder, "--title", "A Book", "--source-language", "en", "--language", "fr").exit_code == 0
    assert sorted(p.name for p in (folder / "content" / "chapters").iterdir()) == ["going-further.md", "welcome.md"]
    assert (folder / "templates" / "locales" / "fr" / "LC_MESSAGES" / "ui.po").is_file()


def test_init_on_a_terminal_asks_for_what_the_options_leave_out(tmp_path):
    import os
    import pty
    folder = tmp_path / "asked"
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "mieux_pub", "init", str(folder), "--source-language", "en"],
                               stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True)
    os.close(terminal)
    os.write(controller, "Le Titre demandé\nfr es\n".encode("utf-8"))   # typed ahead, read by each prompt in turn
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:   # the terminal is closed once the command ends
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=60) == 0, shown.decode("utf-8", "replace")
    os.close(controller)
    text = shown.decode("utf-8")
    assert "Title [Asked]: " in text and "Languages to translate into, separated by spaces [en]: " in text
    assert "Source language" not in text   # given as an option
    config = (folder / "content" / "publication.yml").read_text(encoding="utf-8")
    assert "title: Le Titre demandé\n" in config and "source_language: en\n" in config
    assert "- code: en\n- code: fr\n- code: es\n" in config
