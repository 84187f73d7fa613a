"""The build cache: nothing changed, nothing is made; each kind of input makes again exactly what shows it."""

import hashlib

import pytest

from mieux_pub import cache
from mieux_pub.build import Options, build

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times

FORMATS = ("html", "epub")
EVERY_JOB = {"fr/html", "fr/epub", "en/html", "en/epub", "reports"}


def made(sample) -> set[str]:
    """Build and say which jobs were made again."""
    result = build(sample, Options(formats=FORMATS))
    return EVERY_JOB - set(result.reused)


def files(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != cache.CACHE}


@pytest.fixture
def built(sample):
    assert made(sample) == EVERY_JOB
    return sample


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_nothing_changed_nothing_is_made(built):
    before = files(built / "build")
    result = build(built, Options(formats=FORMATS))
    assert result.written == () and set(result.reused) == EVERY_JOB
    assert files(built / "build") == before


def test_a_catalog_remakes_its_language_the_pages_that_list_its_downloads_and_the_reports(built):
    edit(built / "content/locales/en/LC_MESSAGES/accueil.po", 'msgstr "Why repair?"', 'msgstr "Why mend?"')
    assert made(built) == {"en/html", "en/epub", "fr/html", "reports"}   # fr's landing page lists the en EPUB
    assert "Why mend?" in (built / "build/en/accueil.html").read_text()
    assert build(built, Options(formats=("html",))).reused == ("fr/html", "en/html", "reports")


def test_a_ui_catalog_remakes_its_language(built):
    edit(built / "templates/locales/fr/LC_MESSAGES/ui.po", 'msgid "Contents"\nmsgstr ""', 'msgid "Contents"\nmsgstr "Sommaire"')
    assert made(built) == {"fr/html", "fr/epub", "en/html", "reports"}
    assert "Sommaire" in (built / "build/fr/index.html").read_text()


@pytest.mark.parametrize("path, old, new", [
    ("content/chapters/reparations.md", "commence toujours", "commence souvent"),   # a chapter
    ("content/publication.yml", "title: Petit guide", "title: Grand guide"),          # the configuration
    ("content/publication.yml", "{code: en}", "{code: en, locale: en_GB}"),       # a locale
])
def test_the_source_remakes_everything(built, path, old, new):
    edit(built / path, old, new)
    assert made(built) == EVERY_JOB


def test_an_image_remakes_everything(built):
    image = next((built / "content/images").iterdir())
    image.write_bytes(image.read_bytes().replace(b"</svg>", b"<!-- changed --></svg>"))
    assert made(built) == EVERY_JOB


@pytest.mark.parametrize("name, text", [("site.css", "body { color: #111; }\n"), ("chapter.html", None)])
def test_a_template_or_stylesheet_of_the_project_remakes_everything(built, name, text):
    from mieux_pub.render import PACKAGE_TEMPLATES
    own = built / "templates" / name
    own.write_text(text or (PACKAGE_TEMPLATES / name).read_text().replace("</main>", "</main><!-- ours -->"))
    assert made(built) == EVERY_JOB


def test_mieux_pub_itself_or_a_tool_version_remakes_everything(built, monkeypatch):
    monkeypatch.setattr(cache, "TOOLS", cache.TOOLS + ("pip",))    # as if a tool had another version
    cache.tools.cache_clear()
    try:
        assert made(built) == EVERY_JOB
    finally:
        cache.tools.cache_clear()


def test_an_output_changed_by_hand_is_made_again(built):
    page = built / "build/en/accueil.html"
    page.write_text("tampered")
    assert made(built) == {"en/html"}
    assert "tampered" not in page.read_text()


def test_without_the_cache_the_same_files_are_made(built):
    before = files(built / "build")
    (built / "build" / cache.CACHE).unlink()
    assert made(built) == EVERY_JOB
    assert files(built / "build") == before


def test_strict_fails_on_what_the_last_build_reported_without_making_anything(built):
    before = files(built / "build")
    from mieux_pub.diagnostics import MieuxError
    with pytest.raises(MieuxError) as caught:
        build(built, Options(formats=FORMATS, strict=True))
    assert any(d.code == "untranslated-missing" for d in caught.value.diagnostics)
    assert files(built / "build") == before


def test_a_damaged_cache_is_a_build_without_one(built):
    (built / "build" / cache.CACHE).write_text('{"jobs": {}, "problems": {"x": [{"no": "fields"}]}}')
    assert made(built) == EVERY_JOB
