"""Bad input that used to be accepted in silence: each is now a located diagnostic."""

import pytest
from click.testing import CliRunner

from mieux_pub.cli import main

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_strict_fails_on_a_publication_field_whose_source_changed(sample, tmp_path):
    config = sample / "content" / "publication.yml"
    config.write_text(config.read_text().replace("Texte libre de droits.", "Texte entièrement libre de droits."))
    assert run("--project", sample, "build", "--out", tmp_path / "a", "--format", "html").exit_code == 0
    result = run("--project", sample, "build", "--out", tmp_path / "b", "--format", "html", "--strict")
    assert result.exit_code == 1
    assert "content/publication.yml:6: untranslated-fuzzy: en: fuzzy: Texte entièrement libre de droits." \
        in result.output
    assert not (tmp_path / "b").exists()


def test_two_headings_with_the_same_id_in_a_chapter_are_an_error(sample):
    chapter = sample / "content" / "chapters" / "reparations.md"
    chapter.write_text(chapter.read_text() + "\n## Encore {#pannes-courantes}\n")
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 1
    assert ("content/chapters/reparations.md:19: duplicate-id: another heading of this chapter has the id "
            "'pannes-courantes': give each its own") in result.output


def test_an_id_the_author_wrote_is_kept_when_an_earlier_chapter_derives_the_same(sample):
    # accueil comes before reparations; its heading "Pannes courantes" would derive reparations' written id.
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text() + "\n## Pannes courantes\n\nUn mot.\n")
    from mieux_pub.source import load
    source = load(sample)
    ids = {c.stem: c.ids for c in source.chapters}
    assert ids["reparations"]["pannes-courantes"] == "pannes-courantes"
    assert ids["accueil"]["pannes-courantes"] == "pannes-courantes-2"


def test_catalogs_of_an_undeclared_language_are_a_warning(sample):
    (sample / "content" / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 0
    assert ("content/locales/de: undeclared-language: there are catalogs for 'de', which is not in "
            "publication.yml's languages") in result.output
    assert run("--project", sample, "build", "--format", "html", "--strict").exit_code == 1


def test_serve_on_a_port_in_use_says_so_and_suggests_another(sample):
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("--project", sample, "serve", "--port", port)
    assert result.exit_code == 1
    assert f"127.0.0.1:{port}: port-in-use: cannot serve there (Address already in use): try --port " \
        in result.output


def test_svgs_lose_what_could_run_or_fetch_in_every_output(sample, tmp_path):
    import zipfile
    (sample / "content" / "images" / "etabli.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"'
        ' onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="5" height="5"/></a>'
        '<image xlink:href="file:///etc/passwd"/><foreignObject><p>x</p></foreignObject>'
        '<use href="#r"/><rect id="r" width="1" height="1" fill="red"/></svg>')
    out = tmp_path / "out"
    assert run("--project", sample, "build", "--out", out, "--format", "html", "--format", "epub").exit_code == 0
    site = (out / "images" / "etabli.en.svg").read_bytes()
    with zipfile.ZipFile(out / "en" / "petit-guide-en.epub") as epub:
        packed = b"".join(epub.read(n) for n in epub.namelist() if n.endswith(".svg"))
    for svg in (site, packed):
        assert b"<rect" in svg and b'href="#r"' in svg  # the drawing itself is kept
        for unsafe in (b"onload", b"<script", b"javascript:", b"file:", b"foreignObject"):
            assert unsafe not in svg
