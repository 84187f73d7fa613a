"""Languages of the world: BCP 47 codes and gettext folders, CLDR numbering systems, the templates' strings."""

import subprocess
import zipfile
from pathlib import Path

import babel
import pypdf
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from lxml import etree

from mieux_pub.build import Options, build
from mieux_pub.check import _numbers, compare
from mieux_pub.cli import main
from mieux_pub.config import Language, gettext_code, language_tag, load_publication
from mieux_pub.diagnostics import MieuxError
from mieux_pub.extract import ui_template
from mieux_pub.localize import SYSTEM_DIGITS, format_value
from mieux_pub.render import PACKAGE_TEMPLATES, environment, package_catalog_paths

from conftest import html_page
from typeset import page_texts, read

UN = {"ar", "zh", "en", "fr", "ru", "es"}
EU = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl",
      "pl", "pt", "ro", "sk", "sl", "sv"}
SAMPLE = {"fr", "en", "es", "pt", "ar", "zh", "de", "ja", "ko", "fa"}   # the publication's and issue 14's course
SHIPPED = sorted(p.parent.parent.name for p in (PACKAGE_TEMPLATES / "locales").glob("*/LC_MESSAGES/ui.po"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def languages(sample: Path, lines: str) -> None:
    """Replace the sample's languages with these lines of publication.yml."""
    config = sample / "content" / "publication.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("languages:\n"), text.index("chapters:\n")
    config.write_text(text[:start] + "languages:\n" + lines + text[end:], encoding="utf-8")


def refused(sample: Path, lines: str) -> list[str]:
    """The errors publication.yml gives with these lines as its languages."""
    languages(sample, lines)
    with pytest.raises(MieuxError) as caught:
        load_publication(sample)
    return [str(d) for d in caught.value.diagnostics]


def tree_of(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# Codes: BCP 47 everywhere, gettext's spelling for catalog folders.

@pytest.mark.parametrize("written, tag, folder", [
    ("pt-BR", "pt-BR", "pt_BR"), ("pt_BR", "pt-BR", "pt_BR"), ("PT-br", "pt-BR", "pt_BR"),
    ("zh-Hans", "zh-Hans", "zh_Hans"), ("zh_hans", "zh-Hans", "zh_Hans"), ("sr_Latn", "sr-Latn", "sr_Latn"),
    ("zh-Hant-TW", "zh-Hant-TW", "zh_Hant_TW"), ("fa", "fa", "fa"),
])
def test_either_spelling_gives_one_bcp47_code_and_its_gettext_folder(written, tag, folder):
    assert language_tag(written) == tag
    assert gettext_code(tag) == folder


def test_publication_yml_accepts_either_spelling_and_keeps_bcp47(sample):
    languages(sample, "  - {code: fr}\n  - {code: pt_BR}\n  - {code: zh-hans, draft: true}\n"
                      "  - {code: sr_Latn, draft: true}\n")
    publication = load_publication(sample)
    assert [lang.code for lang in publication.languages] == ["fr", "pt-BR", "zh-Hans", "sr-Latn"]
    assert [str(lang.locale) for lang in publication.languages] == ["fr", "pt_BR", "zh_Hans", "sr_Latn"]


def test_one_language_in_both_spellings_is_listed_twice(sample):
    assert refused(sample, "  - {code: fr}\n  - {code: pt-BR}\n  - {code: pt_BR}\n") == [
        "content/publication.yml:12: config-value: language 'pt-BR' is listed twice"]


def test_unknown_codes_name_what_to_write(sample):
    assert refused(sample, "  - {code: fr}\n  - {code: pt-XX}\n  - {code: portuguese}\n  - {code: iw}\n"
                           "  - {code: xx}\n  - {code: en.UTF-8}\n") == [
        "content/publication.yml:11: unknown-locale: 'pt-XX' is not a locale CLDR knows: write pt or one of pt-AO, "
        "pt-BR, pt-CH, pt-CV, pt-GQ, pt-GW, pt-LU, pt-MO, …",
        "content/publication.yml:12: unknown-locale: 'portuguese' is a language's name: write its code, pt",
        "content/publication.yml:13: unknown-locale: 'iw' is an old code: write he",
        "content/publication.yml:14: unknown-locale: 'xx' is not a language CLDR knows: write a BCP 47 code such as "
        "fr, pt-BR, zh-Hans or sr-Latn",
        "content/publication.yml:15: unknown-locale: 'en.UTF-8' is not a language code: write a BCP 47 code, a "
        "language then optionally a script and a region, such as fr, pt-BR, zh-Hans or sr-Latn",
    ]


def test_an_invalid_code_fails_extract_before_any_catalog_is_written(sample):
    # Before, extract crashed on pt-br after writing the catalogs of the languages listed before it.
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: es}\n  - {code: pt-XX}\n")
    before = tree_of(sample)
    result = run("--project", sample, "extract")
    assert result.exit_code == 1
    assert "content/publication.yml:13: unknown-locale: 'pt-XX'" in result.output
    assert "Traceback" not in result.output
    assert tree_of(sample) == before


def test_a_catalog_folder_in_bcp47_spelling_is_to_be_renamed(sample):
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: pt-BR, draft: true}\n")
    (sample / "content" / "locales" / "pt-BR" / "LC_MESSAGES").mkdir(parents=True)
    before = tree_of(sample)
    result = run("--project", sample, "extract")
    assert result.exit_code == 1
    assert ("content/locales/pt-BR: locale-folder: the catalogs of pt-BR belong in content/locales/pt_BR, the "
            "gettext spelling that PO editors and Weblate use: rename the folder") in result.output
    assert tree_of(sample) == before


def test_extract_writes_gettext_folders_with_a_gettext_language_header(sample):
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: pt-BR}\n  - {code: zh_Hans, draft: true}\n")
    result = run("--project", sample, "extract")
    assert result.exit_code == 0, result.output
    for folder in ("pt_BR", "zh_Hans"):
        for path in (f"content/locales/{folder}/LC_MESSAGES/accueil.po",
                     f"content/locales/{folder}/LC_MESSAGES/publication.po",
                     f"templates/locales/{folder}/LC_MESSAGES/ui.po"):
            text = (sample / path).read_text(encoding="utf-8")
            assert f'"Language: {folder}\\n"' in text
            subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(sample / path)], check=True)
    assert not (sample / "content" / "locales" / "pt-BR").exists()
    # Either spelling of --lang names the language.
    assert run("--project", sample, "coverage", "--lang", "pt_BR", "--lang", "zh-hans").exit_code == 1   # missing
    assert "unknown-language" not in run("--project", sample, "check", "--lang", "pt_BR").output


@pytest.mark.slow
def test_outputs_are_named_and_tagged_in_bcp47(sample, tmp_path):
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: pt_BR}\n  - {code: zh-Hans, draft: true}\n")
    out = build(sample, Options(out=tmp_path / "out", formats=("html", "epub"), drafts=True)).out
    for tag in ("pt-BR", "zh-Hans"):
        page = html_page(out / tag / "accueil.html")
        assert page.get("lang") == tag
        alternates = {link.get("hreflang") for link in page.iter("link") if link.get("rel") == "alternate"}
        assert alternates == {"fr", "en", "pt-BR", "zh-Hans", "x-default"}
        with zipfile.ZipFile(out / tag / f"petit-guide-{tag}.epub") as epub:
            container = etree.fromstring(epub.read("META-INF/container.xml"))
            opf = container.find(".//{*}rootfile").get("full-path")
            package = etree.fromstring(epub.read(opf))
        assert package.findtext(".//{http://purl.org/dc/elements/1.1/}language") == tag
    assert not (out / "pt_BR").exists()


# Numbers in each locale's own digits, as CLDR says.

def test_every_numbering_system_has_ten_digits_in_order():
    import unicodedata
    for name, digits in SYSTEM_DIGITS.items():
        assert len(digits) == 10, name
        if name != "hanidec":   # 〇一二… are numerals, not decimal digits
            assert [unicodedata.decimal(d) for d in digits] == list(range(10)), name


@pytest.mark.parametrize("code, kind, value, expected", [
    ("fa", "number", "120", "۱۲۰"),
    ("fa", "number", "1234.5", "۱٬۲۳۴٫۵"),
    ("fa", "percent", "0.4", "۴۰٪"),
    ("fa", "date", "2021-03-04", "۴ مارس ۲۰۲۱"),
    ("ar", "number", "1234.5", "1,234.5"),          # CLDR: Arabic writes Latin digits by default…
    ("ar-EG", "number", "1234.5", "١٬٢٣٤٫٥"),       # … Egyptian Arabic Arabic-Indic ones
    ("ne", "number", "120", "१२०"),
    ("fr", "number", "1234.5", "1\u202f234,5"),
])
def test_each_language_writes_numbers_in_its_default_numbering_system(code, kind, value, expected):
    language = Language(code)
    assert format_value(kind, value, {}, language.locale, language.numbering_system) == expected


def test_publication_yml_may_choose_the_numbering_system(sample):
    assert refused(sample, "  - {code: fr}\n  - {code: fa, numbers: latn}\n  - {code: ar, numbers: arab}\n"
                           "  - {code: en, numbers: roman}\n") == [
        "content/publication.yml:13: config-value: 'numbers' of 'en' must be a numbering system CLDR knows, such as "
        "latn (0123456789) or latn (its default), not 'roman'"]
    languages(sample, "  - {code: fr}\n  - {code: fa, numbers: latn}\n  - {code: ar, numbers: arab}\n")
    fa, ar = load_publication(sample).languages[1:]
    assert format_value("number", "1234.5", {}, fa.locale, fa.numbering_system) == "1,234.5"
    assert format_value("number", "120", {}, ar.locale, ar.numbering_system) == "١٢٠"


@pytest.mark.slow
def test_the_persian_edition_writes_persian_digits(sample, tmp_path):
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: fa, draft: true}\n")
    catalog = sample / "content" / "locales" / "fa" / "LC_MESSAGES" / "accueil.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fa\\n"\n\n'
        'msgid "Ce guide a été publié le [2021-03-04]{.date} et compte [1234.5]{.number} lecteurs."\n'
        'msgstr "این راهنما در [2021-03-04]{.date} منتشر شد و [1234.5]{.number} خواننده دارد."\n',
        encoding="utf-8")
    out = build(sample, Options(out=tmp_path / "out", formats=("html", "pdf"), languages=("fa",))).out
    page = html_page(out / "fa" / "accueil.html")
    [paragraph] = [p for p in page.iter("p") if "راهنما" in p.text_content()]
    assert paragraph.text_content() == "این راهنما در ۴ مارس ۲۰۲۱ منتشر شد و ۱٬۲۳۴٫۵ خواننده دارد."
    landing = html_page(out / "fa" / "index.html")
    assert landing.find(".//time").text == "۴ مارس ۲۰۲۱"
    # The PDF's page numbers and note numbers too, on the page of the first chapter's note (left in French).
    pages = [page.extract_text() for page in pypdf.PdfReader(out / "fa" / "petit-guide-fa.pdf").pages]
    [number] = [n for n, text in enumerate(pages, start=1) if "Chiffre donné" in text]
    text = pages[number - 1]
    assert "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in str(number)) in text.split()
    assert ".۱Chiffre" in text.replace(" ", "")   # the note's number ("۱." read right to left) starts its line
    assert str(number) not in text.split() and ".1Chiffre" not in text.replace(" ", "")


# The locale of an edition: {code: en, locale: en_GB}.

def test_a_locale_of_another_language_script_or_region_or_unknown_is_an_error_at_its_line(sample):
    assert refused(sample, "  - {code: fr}\n  - {code: en, locale: fr_FR}\n  - {code: zh-Hans, locale: zh_TW}\n"
                           "  - code: pt-BR\n    draft: true\n    locale: pt-PT\n  - {code: es, locale: es-XX}\n") == [
        "content/publication.yml:11: locale-mismatch: 'locale' of 'en': 'fr_FR' is a locale of French (France), not "
        "of English: write a locale of English, such as en-US, or leave 'locale' out",
        "content/publication.yml:12: locale-mismatch: 'locale' of 'zh-Hans': 'zh_TW' is a locale of Chinese "
        "(Traditional, Taiwan), not of Chinese (Simplified): write a locale of Chinese (Simplified), such as "
        "zh-Hans-CN, or leave 'locale' out",
        "content/publication.yml:15: locale-mismatch: 'locale' of 'pt-BR': 'pt-PT' is a locale of Portuguese "
        "(Portugal), not of Portuguese (Brazil): write a locale of Portuguese (Brazil), such as pt-BR, or leave "
        "'locale' out",
        "content/publication.yml:16: unknown-locale: 'locale' of 'es': 'es-XX' is not a locale CLDR knows: write es "
        "or one of es-419, es-AR, es-BO, es-BR, es-BZ, es-CL, es-CO, es-CR, …"]


def test_a_locale_formats_the_edition_which_keeps_its_code(sample, tmp_path):
    languages(sample, "  - {code: fr}\n  - {code: en, locale: en_GB}\n")
    english = load_publication(sample).language("en")
    assert (english.code, str(english.locale)) == ("en", "en_GB")
    out = build(sample, Options(out=tmp_path / "out", formats=("html", "pdf"), languages=("en",))).out
    landing = html_page(out / "en" / "index.html")   # the folder, the files and lang keep the code
    assert landing.get("lang") == "en" and "en" in {link.get("hreflang") for link in landing.iter("link")}
    assert landing.find(".//time").text == "4 March 2021"   # publication.yml's date: 2021-03-04
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out / "en" / "petit-guide-en.pdf").pages)
    assert "4 March 2021" in text and "March 4" not in text


def test_the_english_edition_of_mieux_writes_british_dates(mieux_build):
    landing = html_page(mieux_build / "en" / "index.html")
    assert landing.find(".//time").text == "15 December 2020"
    text = " ".join(page_texts(read(mieux_build / "en" / "creer-des-liens-en.pdf")))
    assert "15 December 2020" in text and "December 15" not in text


@pytest.mark.parametrize("code, text, expected", [
    ("fa", "۱۲۰ کشور و ۱٬۲۳۴٫۵ نفر", ["120", "1234.5"]),           # Persian digits and separators
    ("ar-EG", "١٢٠ دولة و١٬٢٣٤٫٥ شخص", ["120", "1234.5"]),          # Arabic-Indic
    ("ja", "１２０か国、１，２３４．５人", ["120", "1234.5"]),          # full-width
    ("hi", "१२० देश", ["120"]),                                       # Devanagari
    ("fr", "120 pays et 1\u202f234,5 personnes", ["120", "1234.5"]),
])
def test_check_reads_the_digits_of_every_numbering_system(code, text, expected):
    from decimal import Decimal
    assert [value for value, _ in _numbers(text, Language(code).locale)] == [Decimal(e) for e in expected]


def test_a_persian_translation_in_persian_digits_has_no_number_finding():
    found = compare([("Il y a 120 pays et 1\u202f234,5 personnes.", "۱۲۰ کشور و ۱٬۲۳۴٫۵ نفر وجود دارد."),
                     ("Il y a 120 pays.", "۱۲ کشور وجود دارد.")], babel.Locale("fr"), babel.Locale("fa"))
    assert [code for code, _ in found[0]] == []
    assert [code for code, _ in found[1]] == ["number-mismatch", "number-mismatch"]


# The templates' strings in the languages people publish in.

def test_the_package_translates_the_templates_into_the_un_eu_and_sample_languages():
    assert (UN | EU | SAMPLE) - {"en"} <= set(SHIPPED)


@pytest.mark.parametrize("code", SHIPPED)
def test_each_shipped_ui_catalog_is_valid_and_complete(code, tmp_path):
    path = PACKAGE_TEMPLATES / "locales" / code / "LC_MESSAGES" / "ui.po"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    from mieux_pub.catalogs import read_catalog
    catalog, problems = read_catalog(path.parent, path.name)
    assert problems == []
    msgids = [m.msgid for m in ui_template(tmp_path).messages]   # a project with no templates of its own
    assert [m for m in msgids if m not in catalog.entries or not catalog.entries[m].msgstr
            or catalog.entries[m].fuzzy] == []
    assert {"Contents", "Title page", "PDF for print"} <= set(msgids)
    entries = [catalog.entries[m] for m in msgids]
    findings = compare([(e.msgid, e.msgstr) for e in entries], babel.Locale("en"), Language(code.replace("_", "-")).locale,
                       None)
    assert [f for f in findings if f] == []


@pytest.mark.parametrize("code, folders", [
    ("pt-BR", ["pt"]), ("pt-PT", ["pt_PT", "pt"]), ("zh-Hans", ["zh"]), ("zh-Hant", []), ("sr-Latn", []),
    ("ar-EG", ["ar"]), ("sw", []),
])
def test_a_language_falls_back_to_the_shipped_catalog_of_its_script(code, folders):
    assert [p.parent.parent.name for p in package_catalog_paths(code)] == folders


def test_a_template_string_with_no_translation_is_marked_english(tmp_path):
    template = '<nav aria-label="{{ plain(_("Chapters")) }}">{{ _("Next") }}</nav>'
    assert environment(tmp_path, Language("sw")).from_string(template).render() == \
        '<nav aria-label="Chapters"><span lang="en">Next</span></nav>'
    assert environment(tmp_path, Language("fa")).from_string(template).render() == \
        '<nav aria-label="فصل‌ها">بعدی</nav>'
    assert environment(tmp_path, Language("en")).from_string(template).render() == \
        '<nav aria-label="Chapters">Next</nav>'


def test_a_project_catalog_overrides_the_shipped_one_string_by_string(sample):
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: de, draft: true}\n")
    ui = sample / "templates" / "locales" / "de" / "LC_MESSAGES" / "ui.po"
    ui.parent.mkdir(parents=True)
    ui.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Next"\nmsgstr "Nächstes Kapitel"\n\nmsgid "Previous"\nmsgstr ""\n', encoding="utf-8")
    env = environment(sample, Language("de"))
    assert env.from_string('{{ _("Next") }} {{ _("Previous") }}').render() == "Nächstes Kapitel Zurück"


def test_coverage_lists_a_missing_template_string_at_its_catalog(sample):
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: sw, draft: true}\n")
    result = run("--project", sample, "coverage", "--lang", "sw", "--list", "missing")
    lines = [line for line in result.output.splitlines() if "ui.po" in line]
    with open(PACKAGE_TEMPLATES / "locales" / "fr" / "LC_MESSAGES" / "ui.po", "rb") as shipped:
        assert len(lines) == len([m for m in read_po(shipped) if m.id])   # the default templates' strings
    assert lines[0] == "templates/locales/sw/LC_MESSAGES/ui.po: sw: Skip to the text"
    assert "templates/base.html" not in result.output
    # A language the package translates has its template strings translated.
    languages(sample, "  - {code: fr}\n  - {code: en}\n  - {code: pt-BR, draft: true}\n")
    assert "ui.po" not in run("--project", sample, "coverage", "--lang", "pt-BR", "--list", "missing").output
