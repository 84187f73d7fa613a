"""Markdown as people write it, not as our sample does: each case gives the right output or a located error."""

import zipfile

import pytest

from conftest import html_page, language_of
from test_epub import epubcheck_all
from mieux_pub.build import Options, build
from mieux_pub.diagnostics import MieuxError

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times

CONFIG = """\
id: cours
title: Un cours
description: Un cours écrit comme on écrit.
publisher: Atelier
date: 2024-05-02
source_language: fr
languages: [{code: fr}, {code: en}]
chapters: [{chapters}]
"""

CHAPTERS = {
    "un": """\
<!-- relu en mai -->
# Premier chapitre

Voir [la référence][1] et [la suite](deux.md#fin).

- <kbd>←</kbd> : revenir en arrière
- une suite

```
[2020-12-15]{.date} et [^9] restent tels quels
```

Le code `[0.5]{.percent}` reste aussi.

[1]: https://example.org/un
""",
    "deux": """\
# Deuxième chapitre

Une autre [référence][1].

<details>
<summary>Plus</summary>

## Détails cachés

Un paragraphe caché.

</details>

## Fin

La fin.

[1]: https://example.org/deux
""",
}

CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Premier chapitre"
msgstr "First chapter"

msgid "<kbd>←</kbd> : revenir en arrière"
msgstr "<kbd>←</kbd>: go back"

msgid "Voir [la référence][1] et [la suite](deux.md#fin)."
msgstr "See [the reference][1] and [what follows](deux.md#fin)."
"""


def project(root, chapters=CHAPTERS):
    (root / "content" / "chapters").mkdir(parents=True)
    (root / "content" / "publication.yml").write_text(CONFIG.replace("{chapters}", ", ".join(chapters)))
    for stem, text in chapters.items():
        (root / "content" / "chapters" / f"{stem}.md").write_text(text)
    (root / "content" / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (root / "content" / "locales" / "en" / "LC_MESSAGES" / "un.po").write_text(CATALOG)
    return root


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("course"))
    return build(root, Options(formats=("html", "epub"))).out


def test_a_comment_before_the_title_shifts_nothing(course):
    for lang, title in (("fr", "Premier chapitre"), ("en", "First chapter")):
        assert html_page(course / lang / "un.html").find(".//h1").text_content() == title
    assert html_page(course / "en" / "deux.html").find(".//h1").text_content() == "Deuxième chapitre"


def test_reference_links_resolve_within_their_own_chapter(course):
    for lang in ("fr", "en"):
        first = [a.get("href") for a in html_page(course / lang / "un.html").iter("a")]
        second = [a.get("href") for a in html_page(course / lang / "deux.html").iter("a")]
        assert "https://example.org/un" in first and "https://example.org/deux" not in first
        assert "https://example.org/deux" in second and "https://example.org/un" not in second
        assert "deux.html#fin" in first


def test_a_list_item_starting_with_inline_html_is_translated(course):
    item = next(li for li in html_page(course / "en" / "un.html").iter("li") if li.find("kbd") is not None)
    assert item.text_content() == "←: go back" and language_of(item) == "en"


def test_code_is_never_localized_nor_renamed(course):
    for lang in ("fr", "en"):
        page = html_page(course / lang / "un.html")
        assert page.find(".//pre/code").text == "[2020-12-15]{.date} et [^9] restent tels quels"
        assert "[0.5]{.percent}" in [c.text for c in page.iter("code")]


def test_details_keep_their_heading_and_the_epub_is_valid(course):
    page = html_page(course / "en" / "deux.html")
    assert page.find(".//details/summary").text_content() == "Plus"
    assert "Détails cachés" in [h.text_content() for h in page.iter("h2")]
    found = epubcheck_all([course / lang / f"cours-{lang}.epub" for lang in ("fr", "en")])
    assert not [m for messages in found.values() for m in messages if m["severity"] in ("ERROR", "FATAL")], found
    for lang in ("fr", "en"):
        with zipfile.ZipFile(course / lang / f"cours-{lang}.epub") as epub:
            assert any("Un paragraphe caché." in epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))


@pytest.mark.parametrize("stem", ["index", "manifest"])
def test_a_stem_the_outputs_use_is_refused(tmp_path, stem):
    root = project(tmp_path, {stem: "# Titre\n"})
    with pytest.raises(MieuxError) as raised:
        build(root, Options(formats=("html",)))
    assert [(d.line, d.code) for d in raised.value.diagnostics] == [(8, "reserved-stem")]
    assert not (root / "build").exists()


def test_nesting_too_deep_is_an_error_at_its_line(tmp_path):
    deep = "# Titre\n\n" + "".join("  " * i + "- niveau\n" for i in range(200))
    root = project(tmp_path, {"un": deep})
    with pytest.raises(MieuxError) as raised:
        build(root, Options(formats=("html",)))
    [problem] = raised.value.diagnostics
    assert (problem.path, problem.line, problem.code) == ("content/chapters/un.md", 51, "too-deep")


def test_a_long_code_line_is_a_warning_with_its_line(tmp_path):
    root = project(tmp_path, {"un": "# Titre\n\n```\n" + "x" * 120 + "\n```\n"})
    result = build(root, Options(formats=("html",)))
    assert [(d.path, d.line) for d in result.diagnostics if d.code == "long-code-line"] == [("content/chapters/un.md", 4)]


def test_translated_metadata_is_text_in_every_format(tmp_path):
    root = project(tmp_path, {"un": "# Titre\n\nTexte.\n"})
    (root / "content" / "locales" / "en" / "LC_MESSAGES" / "publication.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Un cours"\nmsgstr "A course ![x](/etc/passwd) <script>alert(1)</script>"\n')
    out = build(root, Options(languages=("en",), formats=("epub", "docx"))).out
    for name in ("cours-en.epub", "cours-en.docx"):
        with zipfile.ZipFile(out / "en" / name) as archive:
            data = b"".join(archive.read(n) for n in archive.namelist())
        assert b"root:x:0:0" not in data and b"<script" not in data, name
        assert b"&lt;script&gt;" in data, name  # the title is there, as text
